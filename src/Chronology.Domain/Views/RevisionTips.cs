using JasperFx.Events;
using Marten;

namespace Chronology.Domain.Views;

/// <summary>
/// Each record's <see cref="RevisionTip"/> before a batch: the one kept in memory when it stands right before the batch,
/// otherwise folded again from the record's stored events (every such record of a batch in one round trip).
/// </summary>
public sealed class RevisionTips(int capacity)
{
    private readonly StreamTips<RevisionTip> kept = new(capacity);

    public async Task<Dictionary<Guid, RevisionTip?>> Before(IQuerySession session, IReadOnlyList<IEvent> firstEvents, CancellationToken cancellation)
    {
        var (starts, missing) = kept.Before(firstEvents);
        if (missing.Count == 0) return starts;

        var batch = session.CreateBatchQuery();
        var reads = missing.Select(e => (e.StreamId, Events: batch.Events.FetchStream(e.StreamId, version: e.Version - 1))).ToList();
        await batch.Execute(cancellation);
        await PersonalData.PersonalValues.Resolve(session, (await Task.WhenAll(reads.Select(read => read.Events))).SelectMany(events => events), cancellation);
        foreach (var (stream, events) in reads) starts[stream] = RevisionTip.Fold(null, (await events).Where(RecordEvents.Applies));
        return starts;
    }

    /// <summary>
    /// An erasure deleted values a kept tip may still hold: the records it touched are folded again from their events
    /// (which now open as erased) rather than go on from a state that shows them.
    /// </summary>
    public void Forget(IEnumerable<Guid> records) => kept.Forget(records);

    /// <summary>Keeps each record's tip after the last event of it that the batch folded in (none for a record without one).</summary>
    public void Keep(IEnumerable<(IEvent Last, RevisionTip? Tip)> batch) =>
        kept.Keep(batch.Where(record => record.Tip is not null).Select(record => (record.Last, record.Tip!)).ToList());
}
