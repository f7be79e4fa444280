using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Chronology.Domain;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Revising;
using Marten;

namespace Chronology.Bench;

/// <summary>
/// Loads events fast, but through the real event store: the project's own store configuration
/// (<see cref="ChronologyStore.ConfigureChronology"/>), <c>session.Events.StartStream/Append</c> with the
/// headers the write path stamps (revision, editor, correction, comment), and the inline write-state
/// snapshot kept in the same transaction. No SQL touches mt_events directly.
/// </summary>
public static class BulkLoad
{
    private const string Editor = "bench-loader";

    /// <summary>
    /// <paramref name="records"/> records of <paramref name="revisions"/> revisions each (one event per revision:
    /// creation, then summaries revised and outcomes recorded in turn). Marten's headers belong to the session, so
    /// one session holds the same revision of many records: a few thousand transactions for a million events.
    /// </summary>
    public static async Task<(double Seconds, long Events)> Records(IDocumentStore store, int records, int revisions, int perSession, int parallel)
    {
        var ids = Enumerable.Range(0, records).Select(_ => Guid.CreateVersion7()).ToArray();
        var batches = ids.Chunk(perSession).ToArray();
        var clock = Stopwatch.StartNew();
        for (var revision = 1; revision <= revisions; revision++)
        {
            var current = revision;
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (batch, cancellation) =>
            {
                await using var session = store.LightweightSession();
                Stamp(session, current);
                foreach (var id in batch)
                {
                    if (current == 1) session.Events.StartStream<Record>(id, Created(id));
                    else session.Events.Append(id, Edit(current));
                }
                await session.SaveChangesAsync(cancellation);
            });
        }
        return (clock.Elapsed.TotalSeconds, (long)records * revisions);
    }

    private static void Stamp(IDocumentSession session, int revision)
    {
        session.SetHeader(EditHeaders.Revision, revision);
        session.SetHeader(EditHeaders.Editor, Editor);
        session.SetHeader(EditHeaders.Correction, false);
        session.SetHeader(EditHeaders.Comment, "bulk load");
        session.LastModifiedBy = Editor;
    }

    internal static RecordCreated Created(Guid id) => new(
        RecordKind.Meeting,
        Text($"Meeting {id:N}"),
        ImmutableSortedDictionary<string, ImmutableList<string>>.Empty,
        Text("Loaded by the benchmark."),
        ["bench"],
        "Asia/Seoul");

    internal static IRecordEvent Edit(int revision) => revision % 2 == 0
        ? new SummaryRevised(Text($"Summary as of revision {revision}."))
        : new OutcomeRecorded(Guid.CreateVersion7(), Text($"Outcome of revision {revision}"));

    private static ImmutableSortedDictionary<string, string> Text(string english) =>
        ImmutableSortedDictionary<string, string>.Empty.Add("en", english);

    /// <summary>
    /// Many revisions of one record through the real write path (<see cref="RecordEditor"/>, the code behind every
    /// HTTP command), one after the other; answers the recorded time just after each revision.
    /// </summary>
    public static async Task<DateTimeOffset[]> Revisions(IDocumentStore store, Guid recordId, int firstRevision, int lastRevision)
    {
        var editor = new RecordEditor(store, TimeProvider.System);
        var times = new DateTimeOffset[lastRevision + 1];
        for (var revision = firstRevision; revision <= lastRevision; revision++)
        {
            var patch = new JsonObject { ["summary"] = new JsonObject { ["en"] = $"Summary as of revision {revision}." } };
            var result = await editor.Edit(new EditRequest(recordId, [new ReviseRecord(patch)], new EditNote(Editor, "time travel load", false)), CancellationToken.None);
            if (result is not EditResult.Accepted accepted || accepted.Revision != revision)
                throw new InvalidOperationException($"revision {revision} of {recordId} was not accepted: {result}");
            times[revision] = DateTimeOffset.UtcNow;
        }
        return times;
    }

    public static IDocumentStore Store(string connectionString, string schema) =>
        DocumentStore.For(options => options.ConfigureChronology(connectionString, schema));
}
