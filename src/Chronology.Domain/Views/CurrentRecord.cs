using System.Text.Json.Serialization;
using Chronology.Domain.Records;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chronology.Domain.Views;

/// <summary>
/// The worker's view of one record: its state folded from the events, the edit metadata, and the flat
/// fields list queries, search and the timeline filter on (stored with the document, computed from it).
/// <see cref="LastSequence"/> is the last event folded in, so an event delivered twice is applied once.
/// </summary>
public sealed record CurrentRecord(Guid Id, Record State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string LastEditor, long LastSequence)
{
    /// <summary>Derived on read; queries filter on the flat fields below, never on the view.</summary>
    [JsonIgnore]
    public RecordView View => RecordView.Of(State, CreatedAt, UpdatedAt, LastEditor);

    public int Revision => State.Revision;

    public string Status => Lifecycle.StatusAfter(State.StatusInValidTime).ToString().ToLowerInvariant();

    public string Kind => State.Kind.ToString().ToLowerInvariant();

    /// <summary>Every name the record goes by and its summary, for text search in any script.</summary>
    public string SearchText => string.Join('\n',
        State.Title.Values.Concat(State.Aliases.Values.SelectMany(names => names)).Concat(State.Summary.Values));

    public string ParticipantText => string.Join('\n', State.Participants.SelectMany(p => p.Name.Values.Append(p.Role ?? "").Append(p.Side ?? "")));

    public string PlaceText => string.Join('\n', State.PlaceEntries.SelectMany(entry =>
        entry.Place.Name.Values.Append(entry.Place.Locality ?? "").Append(entry.Place.Country ?? "")));

    /// <summary>The record's own date in valid time: its schedule, else the span of its status changes.</summary>
    public TimeExtent? Extent => TimeExtent.Of(State);

    public IReadOnlyList<TimelineEntry> Timeline => TimelineEntry.Of(this);
}

/// <summary>Earliest and latest instants (seconds since the Unix epoch, so SQL can compare them).</summary>
public sealed record TimeExtent(long EarliestSeconds, long LatestSeconds)
{
    public static TimeExtent? Of(Record state)
    {
        var schedule = Schedule.Of(state.StatusInValidTime);
        if (schedule.Start is { } start)
            return new TimeExtent(start.Earliest.SecondsSinceUnixEpoch, (schedule.End ?? start).Latest.SecondsSinceUnixEpoch);
        if (state.StatusEntries.Count == 0) return null;
        return new TimeExtent(
            state.StatusEntries.Min(entry => entry.Facts.On.Earliest).SecondsSinceUnixEpoch,
            state.StatusEntries.Max(entry => entry.Facts.On.Latest).SecondsSinceUnixEpoch);
    }
}

/// <summary>One line of the cross-record timeline: a record's own date, or a change of its status.</summary>
public sealed record TimelineEntry(
    Guid RecordId,
    string Key,
    LanguageText Title,
    string Entry,
    string? Status,
    string? Change,
    EdtfDate Date,
    Instant Earliest,
    Instant Latest,
    long EarliestSeconds,
    long LatestSeconds)
{
    public static IReadOnlyList<TimelineEntry> Of(CurrentRecord record)
    {
        var state = record.State;
        var schedule = Schedule.Of(state.StatusInValidTime);
        var entries = new List<TimelineEntry>();
        if (schedule.Start is { } start)
            entries.Add(Make(state, "record", "record", null, null, start, start.Earliest, (schedule.End ?? start).Latest));
        foreach (var change in state.StatusInValidTime)
            entries.Add(Make(
                state, $"status-{change.Number}", "status", Lifecycle.After(change.Change).ToString().ToLowerInvariant(),
                change.Change.ToString().ToLowerInvariant(), change.Facts.On, change.Facts.On.Earliest, change.Facts.On.Latest));
        return entries;
    }

    private static TimelineEntry Make(Record state, string key, string entry, string? status, string? change, EdtfDate date, Instant earliest, Instant latest) =>
        new(state.Id, key, state.Title, entry, status, change, date, earliest, latest, earliest.SecondsSinceUnixEpoch, latest.SecondsSinceUnixEpoch);
}

/// <summary>Projects every record's current state; the same fold as the write state, plus who edited it and when.</summary>
public sealed partial class CurrentRecordProjection : SingleStreamProjection<CurrentRecord, Guid>
{
    public const string ProjectionName = "records";

    /// <summary>
    /// Raise this to rebuild the view beside the old one (blue/green): the new version's documents go to a table
    /// of their own, and the API keeps reading the old table until the new one has caught up with it.
    /// </summary>
    public const uint CurrentVersion = 1;

    public CurrentRecordProjection()
    {
        Name = ProjectionName;
        Version = CurrentVersion;
        ProjectionTuning.ForAggregates(Options);
        this.IncludeRecordEventsOnly();
    }

    public override Task EnrichEventsAsync(JasperFx.Events.Grouping.SliceGroup<CurrentRecord, Guid> group, Marten.IQuerySession querySession, CancellationToken cancellation) =>
        PersonalData.PersonalValues.Resolve(querySession, group.Slices.SelectMany(slice => slice.Events()), cancellation);

    public override CurrentRecord? Evolve(CurrentRecord? current, Guid id, IEvent e)
    {
        if (!RecordEvents.Applies(e)) return current;
        // A rebuild replays every event over the documents it keeps serving: the creation starts the record's fold
        // again, and an event folded in before (a batch retried after a crash) is not folded in twice.
        if (e.Data is RecordCreated) current = null;
        else if (current is not null && e.Sequence <= current.LastSequence) return current;
        var state = EventMetadata.Fold(current?.State, e);
        return new CurrentRecord(id, state, current?.CreatedAt ?? e.Timestamp, e.Timestamp, EventMetadata.Editor(e), e.Sequence);
    }
}
