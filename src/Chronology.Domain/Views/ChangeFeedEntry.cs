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

    private readonly StreamTips<ChangeFeedEntry> tips = new(ProjectionTuning.CachedRevisionTips);

    public ChangeFeedProjection()
    {
        Name = ProjectionName;
        ProjectionTuning.ForDocumentsPerRevision(Options);
        this.IncludeRecordEventsOnly();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ProjectionCommit.OnlyWithItsPosition(operations, ProjectionName);
        ProjectionCommit.WithoutWaitingForTheDisk(operations);
        var streams = events.Where(RecordEvents.Applies).GroupBy(e => e.StreamId).ToList();
        var entries = await LastEntries(operations, streams.Select(stream => stream.First()).ToList(), cancellation);
        var written = new Dictionary<string, ChangeFeedEntry>();
        var lastEntries = new List<(IEvent, ChangeFeedEntry)>(streams.Count);
        foreach (var stream in streams)
        {
            var entry = entries.GetValueOrDefault(stream.Key);
            foreach (var e in stream)
            {
                // A rebuild replays every event over the entries it keeps serving: a revision's first event writes its entry
                // afresh, and an event folded in before (a batch retried) is not added twice.
                var continues = entry is not null && entry.Revision == RecordEvents.Step(e, () => EventMetadata.Revision(e)) && entry.Position != e.Sequence;
                if (continues && e.Sequence <= entry!.LastSequence) continue;
                entry = RecordEvents.Step(e, () => continues
                    ? entry! with { LastSequence = e.Sequence, EventTypes = entry.EventTypes.Add(EventCatalogue.StoredName(e.EventType)) }
                    : new ChangeFeedEntry(
                        IdOf(e), e.Sequence, e.Sequence, e.StreamId, EventMetadata.Revision(e), EventMetadata.Editor(e), EventMetadata.Comment(e),
                        EventMetadata.Correction(e), [EventCatalogue.StoredName(e.EventType)], e.Timestamp));
                written[entry.Id] = entry;
            }
            lastEntries.Add((stream.Last(), entry!));
        }
        tips.Keep(lastEntries);
        DocumentRows.Upsert(operations, written.Values, entry => entry.Id);
    }

    /// <summary>
    /// Each record's entry just before its first event in the batch: kept in memory from the batch before, else read back
    /// (only a stream's first revision in the batch can have been started by an earlier batch: those in one query).
    /// </summary>
    private async Task<Dictionary<Guid, ChangeFeedEntry?>> LastEntries(IDocumentOperations operations, IReadOnlyList<IEvent> firstEvents, CancellationToken cancellation)
    {
        var (entries, missing) = tips.Before(firstEvents);
        if (missing.Count == 0) return entries;
        var stored = (await operations.LoadManyAsync<ChangeFeedEntry>(cancellation, missing.Select(IdOf))).ToDictionary(entry => entry.Id);
        foreach (var e in missing) entries[e.StreamId] = stored.GetValueOrDefault(IdOf(e));
        return entries;
    }

    private static string IdOf(IEvent e) => RecordEvents.Step(e, () => RevisionView.IdFor(e.StreamId, EventMetadata.Revision(e)));
}
