using System.Runtime.ExceptionServices;
using Chronology.Domain.Erasing;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// Writes one <see cref="RevisionView"/> per revision. A revision's events are contiguous in the event log
/// (one transaction) but a daemon batch may end inside one, so a revision can be written twice: partly,
/// then whole. Each record's fold continues from where the last batch left it (<see cref="RevisionTips"/>), and the
/// batch's revisions are written together (<see cref="DocumentRows"/>).
/// </summary>
public sealed class RevisionsProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "revisions";

    private readonly RevisionTips tips = new(ProjectionTuning.CachedRevisionTips);

    public RevisionsProjection()
    {
        Name = ProjectionName;
        ProjectionTuning.ForDocumentsPerRevision(Options);
        this.IncludeRecordEventsOnly();
        IncludeType<SubjectErased>();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ProjectionCommit.OnlyWithItsPosition(operations, ProjectionName);
        ProjectionCommit.WithoutWaitingForTheDisk(operations);
        tips.Forget(events.Select(e => e.Data).OfType<SubjectErased>().SelectMany(erasure => erasure.Values).Select(value => value.RecordId));
        await PersonalData.PersonalValues.Resolve(operations, events, cancellation);
        var streams = events.Where(RecordEvents.Applies).GroupBy(e => e.StreamId).ToList();
        var starts = await tips.Before(operations, streams.Select(stream => stream.First()).ToList(), cancellation);
        var folds = FoldEach(streams, starts);
        tips.Keep(streams.Select((stream, i) => (stream.Last(), folds[i].Tip)));
        await DocumentRows.UpsertChanged(operations, folds.SelectMany(fold => fold.Finished).ToList(), revision => revision.Id, cancellation);
    }

    /// <summary>
    /// Each record's fold on from its tip, the records of a batch on every core (a rebuild's batch holds thousands, and
    /// folding and diffing them is most of the worker's work), the results in the batch's order. A failure is the one a
    /// fold record by record would have met first, unwrapped, so the daemon still learns which event it stopped on.
    /// Public for the bench's fold replay, which measures this without a database.
    /// </summary>
    public static (RevisionTip? Tip, List<RevisionView> Finished)[] FoldEach(
        List<IGrouping<Guid, IEvent>> streams, Dictionary<Guid, RevisionTip?> starts)
    {
        var folds = new (RevisionTip? Tip, List<RevisionView> Finished)[streams.Count];
        var failures = new Exception?[streams.Count];
        Parallel.For(0, streams.Count, i =>
        {
            try
            {
                var finished = new List<RevisionView>();
                folds[i] = (RevisionTip.Fold(starts[streams[i].Key], streams[i], finished.Add), finished);
            }
            catch (Exception failure)
            {
                failures[i] = failure;
            }
        });
        if (failures.FirstOrDefault(failure => failure is not null) is { } first) ExceptionDispatchInfo.Throw(first);
        return folds;
    }
}
