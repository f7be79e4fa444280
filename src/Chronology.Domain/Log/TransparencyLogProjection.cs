using System.Collections.Concurrent;
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

    /// <summary>Per event store (database), the last entry this projection appended and the perfect subtrees up to it.</summary>
    private readonly ConcurrentDictionary<JasperFx.Descriptors.DatabaseId, LogTip> tips = new();

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
        ProjectionCommit.OnlyWithItsPosition(operations, ProjectionName);
        var (from, to) = (ours[0].Sequence, ours[^1].Sequence);

        // One round trip: the entry before the batch, the entries already stored for its range (only a rebuild finds
        // any: the comparison needs them) and the batch's rows as stored.
        var batch = operations.CreateBatchQuery();
        var previousRead = batch.Query<LogEntry>().Where(entry => entry.Id < from).OrderByDescending(entry => entry.Id).FirstOrDefault();
        var storedRead = batch.Query<LogEntry>().Where(entry => entry.Id >= from && entry.Id <= to).ToList();
        var rowsRead = batch.Query<string>(LoggedEvent.Batch(schema, TransparencyLog.Table(operations)), LoggedEvent.BatchParameters(from, to));
        await batch.Execute(cancellation);
        var previous = await previousRead;
        var stored = (await storedRead).ToDictionary(entry => entry.Id);
        var rows = (await rowsRead).Select(LoggedEvent.Parse).OrderBy(row => row.Sequence).ToList();
        foreach (var row in rows) Step(ours, row.Sequence, () => row.Revision);

        var next = previous is null ? 0 : previous.Index + 1;
        var nodes = new List<LogNode>();
        var frontier = await Frontier(operations, previous, next, nodes, cancellation);
        var (appended, last) = (new List<LogEntry>(), (LogEntry?)null);
        foreach (var revision in LoggedRevision.Group(rows))
        {
            var entry = last = LogEntry.Of(next++, revision);
            Complete(frontier, entry, nodes);
            if (!stored.TryGetValue(revision.FirstSequence, out var existing)) appended.Add(entry);
            else if (!existing.SameAs(entry))
                Step(ours, revision.FirstSequence, () => throw new InvalidOperationException(
                    $"Derived from the events again, {entry.Describe()} differs from the stored {existing.Describe()}: the events were changed after they were logged."));
        }
        await LogRows.Insert(operations, appended, cancellation);
        await LogRows.Store(operations, nodes, cancellation);
        if (last is not null) tips[operations.Database.Id] = new LogTip(last, [.. frontier]);
    }

    /// <summary>
    /// The perfect subtrees of the log up to <paramref name="previous"/>: those this projection kept after appending it
    /// when the stored entry before the batch is exactly that one, otherwise read from the stored subtrees (after a
    /// restart, a failed batch, a rebuild or another worker's batches).
    /// </summary>
    private async Task<List<(int Height, long Start, byte[] Hash)>> Frontier(
        IDocumentOperations operations, LogEntry? previous, long size, List<LogNode> computed, CancellationToken cancellation)
    {
        if (previous is null) return [];
        if (tips.TryGetValue(operations.Database.Id, out var tip) && tip.Last.SameAs(previous)) return [.. tip.Frontier];
        return await StoredSubtrees.Frontier(operations, size, computed, cancellation);
    }

    /// <summary>
    /// Appends the entry's leaf to the perfect subtrees so far and stores each subtree it completes, so proofs read
    /// O(log n) stored hashes (<see cref="StoredSubtrees"/>). A rebuild stores them again, identical.
    /// </summary>
    private static void Complete(List<(int Height, long Start, byte[] Hash)> frontier, LogEntry entry, List<LogNode> completed)
    {
        var node = (Height: 0, Start: entry.Index, Hash: entry.LeafHash);
        while (frontier.Count > 0 && frontier[^1].Height == node.Height)
        {
            var left = frontier[^1];
            frontier.RemoveAt(frontier.Count - 1);
            node = (node.Height + 1, left.Start, MerkleTree.NodeHash(left.Hash, node.Hash));
            completed.Add(new LogNode(LogNode.IdFor(node.Height, node.Start), node.Hash));
        }
        frontier.Add(node);
    }

    /// <summary>A failure names the event it is about (or the batch's first), so the faulted projection reports where it stopped.</summary>
    private static T Step<T>(List<IEvent> batch, long sequence, Func<T> step) =>
        RecordEvents.Step(batch.FirstOrDefault(e => e.Sequence == sequence) ?? batch[0], step);

    private static void Step(List<IEvent> batch, long sequence, Action step) => Step(batch, sequence, () =>
    {
        step();
        return 0;
    });

    private sealed record LogTip(LogEntry Last, (int Height, long Start, byte[] Hash)[] Frontier);
}
