using System.Collections.Concurrent;
using JasperFx.Events;
using Marten;

namespace Chronology.Domain.Views;

/// <summary>
/// Where the revisions projection left each record, kept in memory between batches so that a batch folds on without
/// reading anything back. A tip is used only when it stands exactly before the batch's first event of the record (stream
/// versions have no gaps), so one left behind by a failed batch, a rebuild or another worker is never folded on; such a
/// record's tip is folded again from its stored events (all records missing in a batch in one round trip).
/// </summary>
public sealed class RevisionTips(int capacity)
{
    private readonly ConcurrentDictionary<(string Tenant, Guid Stream), RevisionTip> tips = new();

    /// <summary>Each record's tip just before its first event in the batch (null before the record's first event).</summary>
    public async Task<Dictionary<Guid, RevisionTip?>> Before(IQuerySession session, IReadOnlyList<IEvent> firstEvents, CancellationToken cancellation)
    {
        var starts = new Dictionary<Guid, RevisionTip?>();
        var missing = new List<IEvent>();
        foreach (var e in firstEvents)
        {
            if (e.Version <= 1) starts[e.StreamId] = null;
            else if (tips.TryGetValue((e.TenantId, e.StreamId), out var tip) && tip.Version == e.Version - 1) starts[e.StreamId] = tip;
            else missing.Add(e);
        }
        if (missing.Count == 0) return starts;

        var batch = session.CreateBatchQuery();
        var reads = missing.Select(e => (e.StreamId, Events: batch.Events.FetchStream(e.StreamId, version: e.Version - 1))).ToList();
        await batch.Execute(cancellation);
        foreach (var (stream, events) in reads) starts[stream] = RevisionTip.Fold(null, (await events).Where(RecordEvents.Applies));
        return starts;
    }

    public void Keep(IEvent first, RevisionTip? tip)
    {
        if (tip is null) return;
        // A rebuild touches every record; past the capacity the tips start over rather than hold every record's state.
        if (tips.Count >= capacity) tips.Clear();
        tips[(first.TenantId, first.StreamId)] = tip;
    }
}
