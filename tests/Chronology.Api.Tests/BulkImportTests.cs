using Chronology.Domain.PersonalData;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chronology.Domain;
using Chronology.Domain.Imports;
using Chronology.Domain.Operations;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Views;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chronology.Api.Tests;

/// <summary>
/// The bulk import against the single-command path it must equal: the same lines, imported in chunks and one command at a
/// time through <see cref="RecordEditor"/> (the path of every HTTP command), leave the same events, metadata, revisions,
/// receipts, names and views; a second import adds nothing; an import cut short and run again stores each line once.
/// </summary>
public sealed partial class BulkImportTests(ApiFixture api) : ApiTest(api)
{
    private static readonly Importer Admin = new("root", IsAdmin: true);

    private IDocumentStore Store => Api.Host.Services.GetRequiredService<IDocumentStore>();

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(3, 50)]
    [InlineData(4, 13)]
    [InlineData(5, 4000)]
    public async Task Random_command_sequences_leave_the_same_events_revisions_receipts_and_views_in_bulk_as_one_command_at_a_time(int seed, int chunkLines)
    {
        var lines = RandomLines(new Random(seed), count: 160);

        var bulk = await new NdjsonImport(Store, TimeProvider.System, chunkLines).Run(string.Join('\n', lines), Admin, "same", _ => Task.CompletedTask, CancellationToken.None);
        var bulkState = await Dump();
        await Api.Reset();
        var single = await OneCommandAtATime(lines);
        var singleState = await Dump();

        Assert.True(bulk.ErrorCount > 0 && bulk.Imported > 0, $"the sequence should hold refused and accepted lines: {bulk.ErrorCount} refused, {bulk.Imported} imported");
        Assert.Equal(Normalized(single), Normalized(bulk.Errors));
        Assert.Equal(singleState, bulkState);
    }

    [Fact]
    public async Task Importing_a_file_of_several_chunks_again_adds_no_event()
    {
        var file = string.Join('\n', ManyRecords(records: 300, linesEach: 20));
        var first = await Bulk(file);
        Assert.Equal(6000, first.Imported);
        Assert.Equal(300, first.Records);
        Assert.Equal(6000, first.Events);
        var events = await EventCount();

        var again = await Bulk(file);
        Assert.Equal(0, again.Imported);
        Assert.Equal(6000, again.Skipped);
        Assert.Equal(0, again.Events);
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task An_import_cut_short_after_some_chunks_and_run_again_stores_every_line_once()
    {
        var file = string.Join('\n', ManyRecords(records: 250, linesEach: 20));
        using var stop = new CancellationTokenSource();
        var reports = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new NdjsonImport(Store, TimeProvider.System, chunkLines: 700).Run(file, Admin, "cut", progress =>
        {
            if (++reports == 3) stop.Cancel();
            return Task.CompletedTask;
        }, stop.Token));
        var stored = await EventCount();
        Assert.Equal(2100, stored);

        var resumed = await new NdjsonImport(Store, TimeProvider.System, chunkLines: 700).Run(file, Admin, "resumed", _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(2100, resumed.Skipped);
        Assert.Equal(5000 - 2100, resumed.Imported);
        Assert.Equal(5000, await EventCount());
        await using var session = Store.QuerySession();
        Assert.All(await session.Query<Domain.Records.Record>().ToListAsync(), record => Assert.Equal(20, record.Revision));
        Assert.Equal(5000, await session.Query<EditReceipt>().CountAsync());
    }

    [Fact]
    public async Task Bad_lines_in_the_middle_of_a_large_file_are_reported_by_number_and_the_records_later_lines_are_decided_without_them()
    {
        var lines = ManyRecords(records: 500, linesEach: 20).ToList();
        // Line 4,001 opens the second chunk, 4,000 closes the first, 7,777 is inside the second.
        lines[3999] = """{"key":"broken", "record": """;
        var record = JsonNode.Parse(lines[4000])!["record"]!.GetValue<string>();
        lines[4000] = Line($"{record}-bad-date", record, "cancel", new { on = "2018-02-30" });
        lines[7776] = """{"key":"no-body","record":"r1","command":"addOutcome"}""";
        // A creation refused: every later line of that record is refused as naming no record.
        var creation = lines.FindIndex(line => line.Contains("\"r450-0\""));
        lines[creation] = lines[creation].Replace("\"summit\"", "\"banquet\"");

        var outcome = await Bulk(string.Join('\n', lines));

        Assert.Equal([creation + 1, 4000, 4001, 7777], outcome.Errors.Where(e => !e.Reason.Contains("'r450' is not known")).Select(e => e.Line));
        Assert.Contains("February", outcome.Errors.Single(e => e.Line == 4001).Reason);
        Assert.Equal(19, outcome.Errors.Count(e => e.Reason.Contains("record 'r450' is not known")));
        Assert.Equal(3 + 1 + 19, outcome.ErrorCount);
        Assert.Equal(10_000 - outcome.ErrorCount, outcome.Imported);
    }

    [Fact]
    public async Task An_upload_larger_than_a_part_is_stored_in_parts_and_its_lines_numbered_across_them()
    {
        var lines = ManyRecords(records: 1000, linesEach: 20).ToList();
        lines[9000] = "not json";
        var body = string.Join('\n', lines);
        Assert.True(body.Length > 2 * ImportPart.MaxChars);

        var accepted = await Api.Send(HttpMethod.Post, "/imports", body, ApiFixture.AdminKey, "application/x-ndjson");
        Assert.Equal(202, accepted.Status);
        Assert.Equal(20_000, accepted.Json!["lines"]!.GetValue<int>());
        var id = Guid.Parse(accepted.Json["id"]!.GetValue<string>());
        ImportJob job;
        await using (var session = Store.QuerySession())
        {
            job = (await session.LoadAsync<ImportJob>(id))!;
            Assert.Equal("", job.Content);
            Assert.True(job.Parts >= 3, $"{job.Parts} parts");
        }

        var outcome = await new NdjsonImport(Store, TimeProvider.System).Run(job, _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(9001, Assert.Single(outcome.Errors).Line);
        Assert.Equal(19_999, outcome.Imported);
    }

    /// <summary>Edits over many records, each record's lines apart from the others' as in an export by date.</summary>
    private static IEnumerable<string> ManyRecords(int records, int linesEach) =>
        Enumerable.Range(0, linesEach).SelectMany(step => Enumerable.Range(0, records).Select(record => step == 0
            ? Line($"r{record}-0", $"r{record}", "create", new { kind = "summit", title = new { en = $"Summit {record}" } })
            : Line($"r{record}-{step}", $"r{record}", "addOutcome", new { text = new { en = $"outcome {step}" } })));

    private Task<ImportProgress> Bulk(string file) =>
        new NdjsonImport(Store, TimeProvider.System).Run(file, Admin, "bulk", _ => Task.CompletedTask, CancellationToken.None);

    private async Task<long> EventCount() => (await Store.Advanced.FetchEventStoreStatistics()).EventCount;

    // ---------------------------------------------------------------- random sequences

    private static readonly string[] Names = ["r0", "r1", "r2", "r3", "r4"];

    /// <summary>
    /// Lines a careless archive might hold: valid edits in any order (many of them refused by the lifecycle or for naming an
    /// item that is gone), creations of records that exist, references to lines never imported, malformed JSON, a key used
    /// again with other content, and lines repeated word for word.
    /// </summary>
    private static List<string> RandomLines(Random random, int count)
    {
        var lines = new List<string>();
        var participants = new List<string>();
        var outcomes = new List<string>();
        var sources = new List<string>();
        var links = new List<string>();
        for (var n = 0; n < count; n++)
        {
            var key = $"k{n}";
            var record = Names[random.Next(Names.Length)];
            string Date() => $"2018-0{random.Next(1, 10)}-{random.Next(1, 29):D2}";
            string Pick(List<string> keys) => keys.Count > 0 && random.Next(5) > 0 ? $"@{keys[random.Next(keys.Count)]}" : "@never-imported";
            var roll = random.Next(100);
            lines.Add(roll switch
            {
                < 12 => Line(key, record, "create", new { kind = random.Next(3) == 0 ? "talks" : "summit", title = new { en = $"Meeting {record} {n}" } }),
                < 22 => Line(key, record, random.Next(4) switch { 0 => "schedule", 1 => "reschedule", 2 => "postpone", _ => "announce" },
                    new { on = Date(), start = Date(), by = "a ministry" }),
                < 30 => Line(key, record, random.Next(3) switch { 0 => "cancel", 1 => "reinstate", _ => "hold" }, new { on = Date(), start = Date() }),
                < 38 => Keep(participants, key, Line(key, record, "addParticipant", new { name = new { en = $"Delegate {n}" }, role = "delegate", side = "KR" })),
                < 42 => Line(key, record, "removeParticipant", new { itemId = Pick(participants) }),
                < 45 => Line(key, record, "changeParticipantRole", new { itemId = Pick(participants), role = $"role {n}" }),
                < 53 => Keep(outcomes, key, Line(key, record, "addOutcome", new { text = new { en = $"Outcome {n}" } })),
                < 57 => Line(key, record, "retractOutcome", new { itemId = Pick(outcomes) }),
                < 62 => Keep(sources, key, Line(key, record, "citeSource", new { url = $"https://example.org/{n}", title = $"Source {n}" })),
                < 64 => Line(key, record, "withdrawSource", new { itemId = Pick(sources) }),
                < 69 => Line(key, record, "place", new { name = new { en = $"Hall {n}" }, on = random.Next(2) == 0 ? Date() : null }),
                < 74 => Line(key, record, "revise", new { summary = new { en = $"Summary {n}" }, tags = new[] { $"t{random.Next(3)}" } }),
                < 78 => Keep(links, key, Line(key, record, "addLink", new { relation = "relatedTo", recordId = $"@{Names[random.Next(Names.Length)]}" })),
                < 80 => Line(key, record, "removeLink", new { itemId = Pick(links) }),
                < 83 => Line(key, record, "revert", new { toRevision = random.Next(0, 6) }),
                < 86 => Line(key, record, "undo", new { revision = random.Next(0, 6) }),
                < 89 => Line(key, record, "schedule", new { on = "2018-02-30", start = "2018-03-01" }),
                < 91 => """{"key": "broken", "record": """,
                < 93 => Line(key, record, "levitate", new { height = 3 }),
                < 96 when lines.Count > 0 => lines[random.Next(lines.Count)],
                < 98 when lines.Count > 0 => Line(JsonNode.Parse(lines[random.Next(lines.Count)])?["key"]?.ToString() ?? key, record, "addOutcome", new { text = new { en = "other content" } }),
                _ => Line(key, "nobody", "addOutcome", new { text = new { en = "for a record never created" } }),
            });
        }
        return lines;

        static string Keep(List<string> keys, string key, string line)
        {
            keys.Add(key);
            return line;
        }
    }

    private static string Line(string key, string record, string command, object body) =>
        JsonSerializer.Serialize(new { key, record, command, body, editor = $"editor-{key.Length % 3}", comment = $"line {key}" });

    // ---------------------------------------------------------------- the single-command path

    /// <summary>
    /// Each line on its own, as the importer worked before it decided in bulk: names looked up as the line comes, the command
    /// read from its body, and one <see cref="EditRequest"/> through <see cref="RecordEditor"/>, which locks, decides, appends
    /// and keeps the receipt for every HTTP command.
    /// </summary>
    private async Task<List<ImportError>> OneCommandAtATime(IReadOnlyList<string> lines)
    {
        var editor = Api.Host.Services.GetRequiredService<RecordEditor>();
        var errors = new List<ImportError>();
        for (var index = 0; index < lines.Count; index++)
            if (await OneCommand(editor, lines[index].Trim()) is { } error) errors.Add(new ImportError(index + 1, error));
        return errors;
    }

    private async Task<string?> OneCommand(RecordEditor editor, string text)
    {
        var (json, invalid) = JsonText.Parse(text);
        if (invalid is not null) return invalid.Message;
        LineShape? line;
        try
        {
            line = json.Deserialize<LineShape>(ChronologyJson.Options);
        }
        catch (JsonException e)
        {
            return $"not a JSON line of the import format: {e.Message.Split(" Path:")[0]}";
        }
        if (line is not { Key: { Length: > 0 } key, Record: { Length: > 0 } record, Command: { Length: > 0 } command, Body: JsonObject body })
            return "a line needs key, record, command and an object body.";

        var recordId = await Resolve(ImportName.ForRecord(record));
        if (recordId is null && command != "create") return $"record '{record}' is not known: create it on an earlier line.";
        var resolved = body.DeepClone();
        foreach (var reference in Strings(resolved).Where(value => value.GetValue<string>() is ['@', _, ..]).ToList())
        {
            var name = reference.GetValue<string>()[1..];
            if ((await Resolve(ImportName.ForRecord(name)) ?? await Resolve(ImportName.ForItem(name))) is not { } id) return $"'@{name}' names no record or line imported before.";
            reference.ReplaceWith(JsonValue.Create(id.ToString()));
        }
        var (read, refusal) = CommandCatalogue.Read(command, resolved, Guid.CreateVersion7);
        if (refusal is not null) return refusal.Message;

        var note = new EditNote(line.Editor is { Length: > 0 } named ? named : Admin.Name, line.Comment ?? read!.Comment, line.Correction ?? read!.Correction, key, Admin.Name);
        var claim = new IdempotencyClaim(NdjsonImport.IdempotencyScope, key, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))), Lifetime: null);
        var result = await editor.Edit(new EditRequest(recordId ?? Guid.CreateVersion7(), [read!.Command], note, CorrelationId: "same", Idempotency: claim), CancellationToken.None);
        switch (result)
        {
            case EditResult.Accepted accepted:
                await using (var session = Store.LightweightSession())
                {
                    if (command == "create") session.Store(new ImportName(ImportName.ForRecord(record), accepted.RecordId));
                    if (accepted.ItemId is { } item) session.Store(new ImportName(ImportName.ForItem(key), item));
                    await session.SaveChangesAsync();
                }
                return null;
            case EditResult.Refused refused:
                return refused.Error.Message;
            case EditResult.KeyReused:
                return $"key '{key}' was imported before with different content.";
            default:
                throw new InvalidOperationException($"unexpected {result}");
        }
    }

    private sealed record LineShape(string? Key, string? Record, string? Command, JsonNode? Body, string? Editor, string? Comment, bool? Correction);

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(member => Strings(member.Value)).ToList(),
        JsonArray a => a.SelectMany(Strings).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v],
        _ => [],
    };

    private async Task<Guid?> Resolve(string name)
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<ImportName>(name))?.Value;
    }

    // ---------------------------------------------------------------- what both paths leave behind

    /// <summary>
    /// Everything a record's import leaves, record by record in the order of their names: the stream and its events (type,
    /// data, version, headers, correlation), the write state, the three views, then every receipt and name. Ids are
    /// replaced by their order of first appearance and instants by a placeholder; event positions in the global log differ.
    /// </summary>
    private async Task<string> Dump()
    {
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var serializer = Store.Options.Serializer();
        var schema = Store.Options.Events.DatabaseSchemaName;
        var dump = new StringBuilder();
        await using var session = Store.QuerySession();
        var names = (await session.Query<ImportName>().ToListAsync()).OrderBy(name => name.Id, StringComparer.Ordinal).ToList();
        foreach (var name in names) dump.AppendLine($"name {name.Id} {name.Value}");
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        foreach (var record in names.Where(name => name.Id.StartsWith("record:", StringComparison.Ordinal)).Select(name => name.Value))
        {
            await using (var command = new NpgsqlCommand(
                $"select s.type, s.version, e.version, e.type, e.data::text, e.headers::text, e.correlation_id, e.causation_id " +
                $"from {schema}.mt_streams s join {schema}.mt_events e on e.stream_id = s.id where s.id = @id order by e.version", connection))
            {
                command.Parameters.AddWithValue("id", record);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    dump.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
            }
            dump.AppendLine($"state {serializer.ToJson(await session.LoadAsync<Domain.Records.Record>(record))}");
            dump.AppendLine($"view {serializer.ToJson(await session.LoadAsync<CurrentRecord>(record))}");
            foreach (var revision in (await session.Query<RevisionView>().Where(r => r.RecordId == record).ToListAsync()).OrderBy(r => r.Revision))
                dump.AppendLine($"revision {serializer.ToJson(revision)}");
            foreach (var change in (await session.Query<ChangeFeedEntry>().Where(c => c.RecordId == record).ToListAsync()).OrderBy(c => c.Revision))
                dump.AppendLine($"change {serializer.ToJson(change)}");
        }
        foreach (var receipt in (await session.Query<EditReceipt>().ToListAsync()).OrderBy(r => r.Id, StringComparer.Ordinal))
            dump.AppendLine($"receipt {serializer.ToJson(receipt)}");
        // Each path salts its commitments afresh: what both must commit is the same value, stored beside it.
        var openings = (await session.Query<PersonalValue>().ToListAsync()).ToDictionary(value => value.Id, value => value.Value);
        return Normalized(Commitments().Replace(dump.ToString(), commitment =>
            $"\"opened\": {(openings.TryGetValue(commitment.Groups[1].Value, out var value) ? value : "none stored")}"));
    }

    [GeneratedRegex("\"commitment\": ?\"([^\"]+)\"")]
    private static partial Regex Commitments();

    private static List<string> Normalized(IEnumerable<ImportError> errors) => errors.Select(e => Normalized($"{e.Line}: {e.Reason}")).ToList();

    private static string Normalized(string text)
    {
        var ids = new Dictionary<string, string>();
        text = Sequences().Replace(text, "\"$1\":_");
        text = Instants().Replace(text, "<instant>");
        // Revisions committed in one transaction share its timestamp: between them no patch replaces the view's updatedAt.
        text = text.Replace("""{"op":"replace","path":"/updatedAt","value":"<instant>"}""", "").Replace("[,", "[").Replace(",]", "]").Replace(",,", ",");
        return Guids().Replace(text, match => ids.TryGetValue(match.Value, out var token) ? token : ids[match.Value] = $"<id{ids.Count}>");
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?|\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d:\d\d( [AP]M)?( [+-]\d\d:\d\d)?")]
    private static partial Regex Instants();

    [GeneratedRegex("\"(position|lastSequence|firstSequence)\":\\d+")]
    private static partial Regex Sequences();
}
