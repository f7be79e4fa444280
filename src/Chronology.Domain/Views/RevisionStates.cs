using Chronology.Domain.Records;
using Marten;

namespace Chronology.Domain.Views;

/// <summary>
/// The whole state of one record at stored revisions of it: each from the snapshot at or before it, folding the events since
/// (fewer than <see cref="RevisionView.SnapshotEvery"/> revisions' worth), all in two round trips.
/// </summary>
public static class RevisionStates
{
    public static async Task<Record> At(IQuerySession session, RevisionView revision, CancellationToken cancellation) =>
        (await At(session, [revision], cancellation))[revision.Revision];

    public static async Task<IReadOnlyDictionary<int, Record>> At(
        IQuerySession session, IReadOnlyCollection<RevisionView> revisions, CancellationToken cancellation)
    {
        var states = revisions.Where(revision => revision.Snapshot is not null).ToDictionary(revision => revision.Revision, revision => revision.Snapshot!);
        var segments = revisions.Where(revision => revision.Snapshot is null)
            .GroupBy(revision => (revision.RecordId, From: RevisionView.SnapshotBefore(revision.Revision)))
            .ToList();
        if (segments.Count == 0) return states;

        var snapshotIds = segments.Where(segment => segment.Key.From > 0).Select(segment => RevisionView.IdFor(segment.Key.RecordId, segment.Key.From));
        var snapshots = (await session.LoadManyAsync<RevisionView>(cancellation, snapshotIds))
            .Where(revision => revision.Snapshot is not null)
            .ToDictionary(revision => (revision.RecordId, revision.Revision));
        var batch = session.CreateBatchQuery();
        var folds = segments.Select(segment =>
        {
            // A snapshot missing (its revision's only event skipped) means folding from the record's first event.
            var from = snapshots.GetValueOrDefault((segment.Key.RecordId, segment.Key.From));
            var events = batch.Events.FetchStream(
                segment.Key.RecordId, version: segment.Max(revision => revision.LastVersion), fromVersion: from is null ? 0 : from.LastVersion + 1);
            return (Start: from?.Snapshot, Targets: segment.OrderBy(revision => revision.LastVersion).ToList(), Events: events);
        }).ToList();
        await batch.Execute(cancellation);
        await PersonalData.PersonalValues.Resolve(session, (await Task.WhenAll(folds.Select(fold => fold.Events))).SelectMany(events => events), cancellation);

        foreach (var (start, targets, events) in folds)
        {
            var (state, next) = (start, 0);
            foreach (var e in (await events).Where(RecordEvents.Applies))
            {
                for (; next < targets.Count && targets[next].LastVersion < e.Version; next++) states[targets[next].Revision] = state!;
                state = EventMetadata.Fold(state, e);
            }
            for (; next < targets.Count; next++) states[targets[next].Revision] = state!;
        }
        return states;
    }
}
