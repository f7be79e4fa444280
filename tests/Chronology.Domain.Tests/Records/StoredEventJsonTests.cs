using System.Text;
using Chronology.Domain.Records;
using Chronology.Domain.Records.StatusChanges;
using Marten;

namespace Chronology.Domain.Tests.Records;

/// <summary>
/// Events are stored forever and the write-state snapshot lives beside them: the status events, corrections and entries carry
/// <see cref="StatusFacts"/> now, and must read and write exactly the JSON the code before them stored. Each sample below was
/// written by that code (Marten's serializer as the store configures it), before the fields moved into one value.
/// </summary>
public sealed class StoredEventJsonTests
{
    private static readonly Marten.ISerializer Serializer = new StoreOptions().ConfigureChronology("Host=localhost").Serializer();

    public static TheoryData<string, string> StoredBefore => new()
    {
        { nameof(MeetingAnnounced), """{"on":"2018-03-08","by":"Chung Eui-yong","reason":"invitation accepted","sources":["0192d4a0-0000-7000-8000-0000000000aa"],"change":"Announced"}""" },
        { nameof(MeetingScheduled), """{"on":"2018-05-10","start":"2018-06-12T09:00:00\u002B08:00","end":"2018-06-12T13:00:00\u002B08:00","by":"Donald Trump","reason":null,"sources":["0192d4a0-0000-7000-8000-0000000000aa"],"change":"Scheduled"}""" },
        { nameof(MeetingRescheduled), """{"on":"2018-06-01","start":"2018-06-12","end":null,"by":null,"reason":"back on","sources":[],"change":"Rescheduled"}""" },
        { nameof(MeetingPostponed), """{"on":"2018-05-20","by":null,"reason":null,"sources":[],"change":"Postponed"}""" },
        { nameof(MeetingCancelled), """{"on":"2018-05-24","by":"Donald Trump","reason":"letter to Kim Jong-un","sources":["0192d4a0-0000-7000-8000-0000000000aa"],"change":"Cancelled"}""" },
        { nameof(MeetingReinstated), """{"on":"2018-06-01","start":"2018-06-12","end":null,"by":"Donald Trump","reason":null,"sources":[],"change":"Reinstated"}""" },
        { nameof(MeetingHeld), """{"on":"2018-06-12","start":null,"end":null,"by":null,"reason":null,"sources":[],"change":"Held"}""" },
        { nameof(StatusEntryCorrected), """{"entry":2,"on":"2018-05-10","start":"2018-06-12","end":"2018-06-13","by":null,"reason":"precise dates","sources":["0192d4a0-0000-7000-8000-0000000000aa"]}""" },
        { nameof(Record), """{"id":"0192d4a0-0000-7000-8000-0000000000aa","revision":4,"kind":"Summit","title":{"en":"summit"},"aliases":{},"summary":{},"tags":[],"timeZone":null,"statusEntries":[{"number":1,"change":"Announced","on":"2018-03-08","start":null,"end":null,"by":"Chung Eui-yong","reason":"invitation accepted","sources":["0192d4a0-0000-7000-8000-0000000000aa"],"revision":2},{"number":2,"change":"Scheduled","on":"2018-05-10","start":"2018-06-12T09:00:00\u002B08:00","end":"2018-06-12T13:00:00\u002B08:00","by":"Donald Trump","reason":null,"sources":["0192d4a0-0000-7000-8000-0000000000aa"],"revision":3},{"number":3,"change":"Rescheduled","on":"2018-06-01","start":"2018-06-12","end":null,"by":null,"reason":"back on","sources":[],"revision":4}],"statusEntriesEverRecorded":3,"placeEntries":[],"participants":[],"outcomes":[],"sources":[],"links":[]}""" },
    };

    [Theory]
    [MemberData(nameof(StoredBefore))]
    public void A_stored_value_reads_and_writes_back_exactly_as_it_was_stored(string typeName, string stored)
    {
        var type = typeof(Record).Assembly.GetTypes().Single(t => t.Name == typeName && t.Namespace == typeof(Record).Namespace);
        var read = Read(type, stored);

        Assert.Equal(stored, Serializer.ToJson(read));
    }

    [Fact]
    public void A_stored_cancellation_reads_into_its_facts()
    {
        var stored = (string)StoredBefore.Single(row => (string)row[0] == nameof(MeetingCancelled))[1];
        var cancelled = (MeetingCancelled)Read(typeof(MeetingCancelled), stored);

        Assert.Equal(new StatusFacts(EdtfDate.Parse("2018-05-24"), null, null, "Donald Trump", "letter to Kim Jong-un",
            []), cancelled.Facts with { Sources = [] });
        Assert.Equal(["0192d4a0-0000-7000-8000-0000000000aa"], cancelled.Facts.Sources.Select(id => id.ToString()));
        Assert.Equal("letter to Kim Jong-un", cancelled.Facts.Reason);
    }

    [Fact]
    public void A_status_entry_keeps_its_flat_shape_in_the_product_json_too()
    {
        var entry = new StatusEntry(1, StatusChange.Held, new StatusFacts(EdtfDate.Parse("2018-06-12"), null, null, null, null, []), 5);
        var json = System.Text.Json.JsonSerializer.Serialize(entry, ChronologyJson.Options);

        Assert.Equal("""{"number":1,"change":"held","on":"2018-06-12","start":null,"end":null,"by":null,"reason":null,"sources":[],"revision":5}""", json);
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(
            System.Text.Json.JsonSerializer.Deserialize<StatusEntry>(json, ChronologyJson.Options), ChronologyJson.Options));
    }

    /// <summary>What Marten does with a stored row: its serializer reads the JSON as the stored type.</summary>
    private static object Read(Type type, string stored) =>
        Serializer.GetType().GetMethods().First(m => m.Name == "FromJson" && m.IsGenericMethod && m.GetParameters().Single().ParameterType == typeof(Stream))
            .MakeGenericMethod(type).Invoke(Serializer, [new MemoryStream(Encoding.UTF8.GetBytes(stored))])!;
}
