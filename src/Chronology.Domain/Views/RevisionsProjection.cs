using Chronology.Domain.Records;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// Writes one <see cref="RevisionView"/> per revision. A revision's events are contiguous in the event log
/// (one transaction) but a daemon batch may end inside one, so a revision can be written twice: partly,
/// then whole. The state before each batch comes from the last revision already projected.
/// </summary>
public sealed class RevisionsProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "revisions";

    public RevisionsProjection()
    {
        Name = ProjectionName;
        ProjectionTuning.ForDocumentsPerRevision(Options);
        this.IncludeRecordEventsOnly();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        await PersonalData.PersonalValues.Resolve(operations, events, cancellation);
        var streams = events.Where(RecordEvents.Applies).GroupBy(e => e.StreamId).ToList();
        var stored = await StoredNeighbours(operations, streams, cancellation);
        foreach (var stream in streams) operations.Store(Revisions(stream, stored).ToArray());
    }

    private static IEnumerable<RevisionView> Revisions(IGrouping<Guid, IEvent> stream, Dictionary<string, RevisionView> stored)
    {
        var firstRevision = Revision(stream.First());
        var current = stored.GetValueOrDefault(RevisionView.IdFor(stream.Key, firstRevision));
        var before = stored.GetValueOrDefault(RevisionView.IdFor(stream.Key, firstRevision - 1));
        var revisions = new Dictionary<int, RevisionView>();
        foreach (var e in stream)
        {
            var revision = Revision(e);
            if (current?.Revision != revision)
            {
                if (current is not null) before = current;
                current = null;
            }
            // A rebuild replays every event over the documents it keeps serving: a revision's first event folds it
            // again from the revision before, and an event folded in before (a batch retried) is not folded in twice.
            else if (e.Sequence == current.FirstSequence) current = null;
            else if (e.Sequence <= current.LastSequence) continue;
            current = Fold(current, before, e, revision);
            revisions[revision] = current;
        }
        return revisions.Values;
    }

    /// <summary>
    /// In one read for the whole batch: each stream's first revision in the batch (stored partly when an earlier batch
    /// ended inside it) and the revision before it, whose state the batch folds on from.
    /// </summary>
    private static async Task<Dictionary<string, RevisionView>> StoredNeighbours(
        IDocumentOperations operations, IEnumerable<IGrouping<Guid, IEvent>> streams, CancellationToken cancellation)
    {
        var ids = streams
            .SelectMany(stream => new[] { Revision(stream.First()), Revision(stream.First()) - 1 }
                .Where(revision => revision >= 1)
                .Select(revision => RevisionView.IdFor(stream.Key, revision)))
            .ToList();
        return (await operations.LoadManyAsync<RevisionView>(cancellation, ids)).ToDictionary(view => view.Id);
    }

    private static RevisionView Fold(RevisionView? partial, RevisionView? before, IEvent e, int revision) => RecordEvents.Step(e, () =>
    {
        var previous = partial?.State ?? before?.State;
        var state = EventMetadata.Fold(previous, e);
        var createdAt = before?.CreatedAt ?? partial?.CreatedAt ?? e.Timestamp;
        var view = RecordView.Of(state, createdAt, e.Timestamp, EventMetadata.Editor(e));
        var (changes, patch) = RevisionView.Diff(before?.View, view);
        return new RevisionView(
            RevisionView.IdFor(e.StreamId, revision), e.StreamId, revision, partial?.RecordedAt ?? e.Timestamp,
            partial?.FirstSequence ?? e.Sequence, e.Sequence, EventMetadata.Editor(e), EventMetadata.Comment(e),
            EventMetadata.Correction(e), EventMetadata.ImportedBy(e),
            (partial?.EventTypes ?? []).Add(EventCatalogue.StoredName(e.EventType)), changes, patch, state, createdAt, e.Timestamp);
    });

    private static int Revision(IEvent e) => RecordEvents.Step(e, () => EventMetadata.Revision(e));
}
