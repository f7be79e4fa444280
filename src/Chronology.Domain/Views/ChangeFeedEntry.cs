using Chronology.Domain.Records;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>One accepted revision in the global change feed; <see cref="Position"/> orders the feed.</summary>
public sealed record ChangeFeedEntry(
    string Id,
    long Position,
    Guid RecordId,
    int Revision,
    string Editor,
    string? Comment,
    bool Correction,
    ImmutableList<string> EventTypes,
    DateTimeOffset RecordedAt);

/// <summary>Writes one change-feed entry per revision, at the position of the revision's first event.</summary>
public sealed class ChangeFeedProjection : IProjection
{
    public const string ProjectionName = "changes";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var entries = new Dictionary<string, ChangeFeedEntry>();
        foreach (var e in events)
        {
            var id = RevisionView.IdFor(e.StreamId, EventMetadata.Revision(e));
            var entry = entries.GetValueOrDefault(id) ?? await operations.LoadAsync<ChangeFeedEntry>(id, cancellation);
            entries[id] = entry is null
                ? new ChangeFeedEntry(
                    id, e.Sequence, e.StreamId, EventMetadata.Revision(e), EventMetadata.Editor(e), EventMetadata.Comment(e),
                    EventMetadata.Correction(e), [EventCatalogue.StoredName(e.EventType)], e.Timestamp)
                : entry with { EventTypes = entry.EventTypes.Add(EventCatalogue.StoredName(e.EventType)) };
        }
        operations.Store(entries.Values.ToArray());
    }
}
