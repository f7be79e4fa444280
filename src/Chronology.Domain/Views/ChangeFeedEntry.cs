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
        // Only a stream's first revision in the batch can have been started by an earlier batch: read those in one go.
        var firstRevisions = events.GroupBy(e => e.StreamId).Select(stream => IdOf(stream.First())).ToList();
        var entries = (await operations.LoadManyAsync<ChangeFeedEntry>(cancellation, firstRevisions)).ToDictionary(entry => entry.Id);
        foreach (var e in events)
        {
            var id = IdOf(e);
            entries[id] = entries.GetValueOrDefault(id) is { } entry
                ? entry with { EventTypes = entry.EventTypes.Add(EventCatalogue.StoredName(e.EventType)) }
                : new ChangeFeedEntry(
                    id, e.Sequence, e.StreamId, EventMetadata.Revision(e), EventMetadata.Editor(e), EventMetadata.Comment(e),
                    EventMetadata.Correction(e), [EventCatalogue.StoredName(e.EventType)], e.Timestamp);
        }
        operations.Store(entries.Values.ToArray());
    }

    private static string IdOf(IEvent e) => RevisionView.IdFor(e.StreamId, EventMetadata.Revision(e));
}
