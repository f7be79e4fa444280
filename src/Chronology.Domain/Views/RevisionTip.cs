using Chronology.Domain.Records;
using JasperFx.Events;

namespace Chronology.Domain.Views;

/// <summary>
/// Where the revisions projection stands in one record's stream: the state after the last event folded, the revision it
/// belongs to (still open: a daemon batch may end inside a revision, and the next batch finishes it) and the view after
/// the revision before, which the open revision's changes are diffed from. The views are kept as objects, not JSON: a
/// revision writes only the members its events changed (<see cref="RevisionView.ChangesBetween"/>), and a view shares
/// every member but the edit metadata with the state it was read from. <see cref="Stored"/> is the open revision's view
/// when the fold handed it to be stored as it stands (at the end of a batch), so the next batch does not diff and write it
/// again when its first event starts the next revision (every revision was written twice in a rebuild, whose batches end
/// between revisions).
/// </summary>
public sealed record RevisionTip(Record State, RevisionView Revision, RecordView? Before, RecordView? Stored = null)
{
    /// <summary>The record as people read it after the open revision (so far).</summary>
    public RecordView After() => RecordView.Of(State, Revision.CreatedAt, Revision.UpdatedAt, Revision.Editor);

    /// <summary>The open revision as stored: what it changed since the revision before, and the whole state when it keeps a snapshot.</summary>
    public RevisionView Finished(RecordView after) =>
        Revision with { Changes = RevisionView.ChangesBetween(Before, after), Snapshot = RevisionView.KeepsSnapshot(Revision.Revision) ? State : null };

    /// <summary>
    /// Folds a stream's events on from <paramref name="tip"/> (null: before the record's first event), and with
    /// <paramref name="finished"/> set, hands each revision the events reach as it is to be stored.
    /// </summary>
    public static RevisionTip? Fold(RevisionTip? tip, IEnumerable<IEvent> events, Action<RevisionView>? finished = null)
    {
        // Without anything to store, only the last revision's view before it is read (once, at the end).
        RevisionTip? closed = null;
        foreach (var e in events)
        {
            var revision = RecordEvents.Step(e, 0, static (e, _) => EventMetadata.Revision(e));
            if (tip is not null && tip.Revision.Revision != revision)
            {
                if (finished is null) (closed, tip) = (tip, tip with { Before = null });
                else
                {
                    var after = tip.Stored ?? tip.After();
                    if (tip.Stored is null) finished(tip.Finished(after));
                    tip = tip with { Before = after };
                }
            }
            var open = tip is not null && tip.Revision.Revision == revision ? tip : null;
            tip = RecordEvents.Step(e, (Tip: tip, Open: open, Revision: revision), static (e, at) => Next(at.Tip, at.Open, e, at.Revision));
        }
        if (tip is null) return null;
        if (finished is not null && tip.Stored is null)
        {
            var after = tip.After();
            finished(tip.Finished(after));
            return tip with { Stored = after };
        }
        return closed is null ? tip : tip with { Before = closed.After() };
    }

    private static RevisionTip Next(RevisionTip? tip, RevisionTip? open, IEvent e, int revision)
    {
        var state = EventMetadata.Fold(tip?.State, e);
        var type = EventCatalogue.StoredName(e.EventType);
        var stored = open is null
            ? new RevisionView(
                RevisionView.IdFor(e.StreamId, revision), e.StreamId, revision, e.Timestamp, e.Sequence, e.Sequence, e.Version,
                EventMetadata.Editor(e), EventMetadata.Comment(e), EventMetadata.Correction(e), EventMetadata.ImportedBy(e), [type],
                [], null, tip?.Revision.CreatedAt ?? e.Timestamp, e.Timestamp)
            : open.Revision with
            {
                LastSequence = e.Sequence, LastVersion = e.Version, Editor = EventMetadata.Editor(e), Comment = EventMetadata.Comment(e),
                Correction = EventMetadata.Correction(e), ImportedBy = EventMetadata.ImportedBy(e),
                EventTypes = open.Revision.EventTypes.Add(type), UpdatedAt = e.Timestamp,
            };
        return new RevisionTip(state, stored, open?.Before ?? tip?.Before);
    }
}
