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
        tips.Forget(events.Select(e => e.Data).OfType<SubjectErased>().SelectMany(erasure => erasure.Values).Select(value => value.RecordId));
        await PersonalData.PersonalValues.Resolve(operations, events, cancellation);
        var streams = events.Where(RecordEvents.Applies).GroupBy(e => e.StreamId).ToList();
        var starts = await tips.Before(operations, streams.Select(stream => stream.First()).ToList(), cancellation);
        var finished = new List<RevisionView>();
        foreach (var stream in streams)
            tips.Keep(stream.Last(), RevisionTip.Fold(starts[stream.Key], stream, finished.Add));
        DocumentRows.Upsert(operations, finished, revision => revision.Id);
    }
}
