using Chronology.Domain.Records;

namespace Chronology.Domain.Erasing;

/// <summary>
/// The erasures that reached one record, each with the values it erased there. Written by the erasure in its own
/// transaction and never folded by a view, so a rebuild keeps it: what a representation of the record shows depends on
/// it as much as on the revision, and its entity tag counts the erasures that touched what it shows.
/// </summary>
public sealed record RecordErasures(Guid Id, ImmutableList<RecordErasure> Erasures)
{
    public static RecordErasures Add(RecordErasures? known, Guid recordId, Guid erasureId, IEnumerable<ErasedValue> values) =>
        new(recordId, (known?.Erasures ?? []).Add(new RecordErasure(erasureId, [.. values])));

    /// <summary>How many erasures erased a value that a representation shows.</summary>
    public int Touching(Func<ErasedValue, bool> shown) => Erasures.Count(erasure => erasure.Values.Any(shown));

    /// <summary>Whether an erased value was one of an item (participant, source) of one of the given states.</summary>
    public static Func<ErasedValue, bool> ItemsOf(params Record?[] states)
    {
        var items = states.OfType<Record>().SelectMany(state => state.Participants.Select(p => p.Id).Concat(state.Sources.Select(s => s.Id))).ToHashSet();
        return value => items.Contains(value.ItemId);
    }
}
