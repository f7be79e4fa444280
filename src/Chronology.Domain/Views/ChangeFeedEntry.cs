using Chronology.Domain.Records;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// One accepted revision in the global change feed; <see cref="Position"/> (the revision's first event) orders the
/// feed, <see cref="LastSequence"/> is its last event folded in so far.
/// </summary>
public sealed record ChangeFeedEntry(
    string Id,
    long Position,
    long LastSequence,
    Guid RecordId,
    int Revision,
    string Editor,
    string? Comment,
    bool Correction,
    ImmutableList<string> EventTypes,
    DateTimeOffset RecordedAt);

/// <summary>Writes one change-feed entry per revision, at the position of the revision's first event.</summary>
public sealed class ChangeFeedProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "changes";

    public ChangeFeedProjection()
    {
        Name = ProjectionName;
        ProjectionTuning.ForDocumentsPerRevision(Options);
        this.IncludeRecordEventsOnly();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var applied = events.Where(RecordEvents.Applies).ToList();
        // Only a stream's first revision in the batch can have been started by an earlier batch: read those in one go.
        var firstRevisions = applied.GroupBy(e => e.StreamId).Select(stream => IdOf(stream.First())).ToList();
        var entries = (await operations.LoadManyAsync<ChangeFeedEntry>(cancellation, firstRevisions)).ToDictionary(entry => entry.Id);
        foreach (var e in applied)
        {
            var id = IdOf(e);
            var entry = entries.GetValueOrDefault(id);
            // A rebuild replays every event over the entries it keeps serving: a revision's first event writes its entry
            // afresh, and an event folded in before (a batch retried) is not added twice.
            if (entry is not null && entry.Position != e.Sequence && e.Sequence <= entry.LastSequence) continue;
            entries[id] = RecordEvents.Step(e, () => entry is not null && entry.Position != e.Sequence
                ? entry with { LastSequence = e.Sequence, EventTypes = entry.EventTypes.Add(EventCatalogue.StoredName(e.EventType)) }
                : new ChangeFeedEntry(
                    id, e.Sequence, e.Sequence, e.StreamId, EventMetadata.Revision(e), EventMetadata.Editor(e), EventMetadata.Comment(e),
                    EventMetadata.Correction(e), [EventCatalogue.StoredName(e.EventType)], e.Timestamp));
        }
        operations.Store(entries.Values.ToArray());
    }

    private static string IdOf(IEvent e) => RecordEvents.Step(e, () => RevisionView.IdFor(e.StreamId, EventMetadata.Revision(e)));
}
