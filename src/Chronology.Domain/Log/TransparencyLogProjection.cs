using Chronology.Domain.Views;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Chronology.Domain.Log;

/// <summary>
/// Appends one <see cref="LogEntry"/> per revision, in event-sequence order. It never skips an event: one it cannot
/// log stops it (faulted, like every view). A rebuild does not rewrite the log: it derives every entry again and
/// stops on the first one that differs from the stored entry, which means the events were changed after being logged.
/// A daemon batch may end inside a revision; the rest of that revision is read at once (it was committed with the
/// part seen) and the next batch passes over it.
/// </summary>
public sealed class TransparencyLogProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "log";

    private readonly string schema;

    public TransparencyLogProjection(string schema)
    {
        this.schema = schema;
        Name = ProjectionName;
        ProjectionTuning.ForDocumentsPerRevision(Options);
        this.IncludeRecordEventsOnly();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var ours = events.Where(RecordEvents.Applies).ToList();
        if (ours.Count == 0) return;
        var (from, to) = (ours[0].Sequence, ours[^1].Sequence);
        var previous = await operations.Query<LogEntry>().Where(entry => entry.Id < from)
            .OrderByDescending(entry => entry.Id).FirstOrDefaultAsync(cancellation);
        var stored = (await operations.Query<LogEntry>().Where(entry => entry.Id >= from && entry.Id <= to)
            .ToListAsync(cancellation)).ToDictionary(entry => entry.Id);

        var rows = await Rows(operations, $"{LoggedEvent.Select(schema)} where seq_id > ? and seq_id <= ? and {LoggedEvent.Filter} order by seq_id",
            cancellation, Math.Max(from - 1, previous?.LastSequence ?? 0), to, LoggedEvent.Types);
        if (rows.Count > 0)
        {
            var last = rows[^1];
            var revision = Step(ours, last.Sequence, () => last.Revision);
            rows.AddRange(await Rows(operations,
                $"{LoggedEvent.Select(schema)} where stream_id = ? and seq_id > ? and headers ->> 'revision' = ? and {LoggedEvent.Filter} order by seq_id",
                cancellation, last.StreamId, last.Sequence, revision.ToString(System.Globalization.CultureInfo.InvariantCulture), LoggedEvent.Types));
        }
        foreach (var row in rows) Step(ours, row.Sequence, () => row.Revision);

        var next = previous is null ? 0 : previous.Index + 1;
        var computed = new List<LogNode>();
        var frontier = await StoredSubtrees.Frontier(operations, next, computed, cancellation);
        if (computed.Count > 0) operations.Store([.. computed]);
        foreach (var revision in LoggedRevision.Group(rows))
        {
            var entry = LogEntry.Of(next++, revision);
            Complete(operations, frontier, entry);
            if (!stored.TryGetValue(revision.FirstSequence, out var existing)) operations.Insert(entry);
            else if (!existing.SameAs(entry))
                Step(ours, revision.FirstSequence, () => throw new InvalidOperationException(
                    $"Derived from the events again, {entry.Describe()} differs from the stored {existing.Describe()}: the events were changed after they were logged."));
        }
    }

    /// <summary>
    /// Appends the entry's leaf to the perfect subtrees so far and stores each subtree it completes, so proofs read
    /// O(log n) stored hashes (<see cref="StoredSubtrees"/>). A rebuild stores them again, identical.
    /// </summary>
    private static void Complete(IDocumentOperations operations, List<(int Height, long Start, byte[] Hash)> frontier, LogEntry entry)
    {
        var node = (Height: 0, Start: entry.Index, Hash: entry.LeafHash);
        while (frontier.Count > 0 && frontier[^1].Height == node.Height)
        {
            var left = frontier[^1];
            frontier.RemoveAt(frontier.Count - 1);
            node = (node.Height + 1, left.Start, MerkleTree.NodeHash(left.Hash, node.Hash));
            operations.Store(new LogNode(LogNode.IdFor(node.Height, node.Start), node.Hash));
        }
        frontier.Add(node);
    }

    private static async Task<List<LoggedEvent>> Rows(IDocumentOperations operations, string sql, CancellationToken cancellation, params object[] parameters) =>
        [.. (await operations.QueryAsync<string>(sql, cancellation, parameters)).Select(LoggedEvent.Parse)];

    /// <summary>A failure names the event it is about (or the batch's first), so the faulted projection reports where it stopped.</summary>
    private static T Step<T>(List<IEvent> batch, long sequence, Func<T> step) =>
        RecordEvents.Step(batch.FirstOrDefault(e => e.Sequence == sequence) ?? batch[0], step);

    private static void Step(List<IEvent> batch, long sequence, Action step) => Step(batch, sequence, () =>
    {
        step();
        return 0;
    });
}
