using Chronology.Domain.Records;

namespace Chronology.Domain.Erasing;

/// <summary>
/// The erasures that reached one record, each with the items whose values it erased. Written by the erasure in its own
/// transaction and never folded by a view, so a rebuild keeps it: what a representation of the record shows depends on
/// it as much as on the revision, and its entity tag counts the erasures that touched what it shows.
/// </summary>
public sealed record RecordErasures(Guid Id, ImmutableList<RecordErasure> Erasures)
{
    public static RecordErasures Add(RecordErasures? known, Guid recordId, Guid erasureId, IEnumerable<Guid> items) =>
        new(recordId, (known?.Erasures ?? []).Add(new RecordErasure(erasureId, [.. items.Distinct()])));

    /// <summary>
    /// How many erasures put the placeholder into one of the items (participants, sources) the given states show; with no
    /// state given, every erasure of the record counts.
    /// </summary>
    public int Touching(IReadOnlyCollection<Record?> shown)
    {
        if (shown.Count == 0) return Erasures.Count;
        var items = shown.OfType<Record>().SelectMany(state => state.Participants.Select(p => p.Id).Concat(state.Sources.Select(s => s.Id))).ToHashSet();
        return Erasures.Count(erasure => erasure.Items.Any(items.Contains));
    }
}
