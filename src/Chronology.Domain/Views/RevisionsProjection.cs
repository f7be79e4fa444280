using Chronology.Domain.Records;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// Writes one <see cref="RevisionView"/> per revision. A revision's events are contiguous in the event log
/// (one transaction) but a daemon batch may end inside one, so a revision can be written twice: partly,
/// then whole. The state before each batch comes from the last revision already projected.
/// </summary>
public sealed class RevisionsProjection : IProjection
{
    public const string ProjectionName = "revisions";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            var first = stream.First();
            var revisions = new Dictionary<int, RevisionView>();
            var current = await operations.LoadAsync<RevisionView>(RevisionView.IdFor(stream.Key, EventMetadata.Revision(first)), cancellation);
            var before = await Before(operations, stream.Key, EventMetadata.Revision(first), cancellation);

            foreach (var e in stream)
            {
                var revision = EventMetadata.Revision(e);
                if (current?.Revision != revision)
                {
                    if (current is not null) before = current;
                    current = null;
                }
                current = Fold(current, before, e, revision);
                revisions[revision] = current;
            }
            operations.Store(revisions.Values.ToArray());
        }
    }

    private static async Task<RevisionView?> Before(IDocumentOperations operations, Guid recordId, int revision, CancellationToken cancellation) =>
        revision <= 1 ? null : await operations.LoadAsync<RevisionView>(RevisionView.IdFor(recordId, revision - 1), cancellation);

    private static RevisionView Fold(RevisionView? partial, RevisionView? before, IEvent e, int revision)
    {
        var previous = partial?.State ?? before?.State;
        var state = EventMetadata.Fold(previous, e);
        var view = RecordView.Of(state, before?.View.CreatedAt ?? e.Timestamp, e.Timestamp, EventMetadata.Editor(e));
        var (changes, patch) = RevisionView.Diff(before?.View, view);
        return new RevisionView(
            RevisionView.IdFor(e.StreamId, revision), e.StreamId, revision, partial?.RecordedAt ?? e.Timestamp,
            partial?.FirstSequence ?? e.Sequence, EventMetadata.Editor(e), EventMetadata.Comment(e), EventMetadata.Correction(e),
            EventMetadata.ImportedBy(e), (partial?.EventTypes ?? []).Add(EventCatalogue.StoredName(e.EventType)),
            changes, patch, state, view);
    }
}
