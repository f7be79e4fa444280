namespace Chronology.Domain.Records.Reverting;

/// <summary>
/// The ordinary events that turn one record state into another's content: what a revert or an undo
/// appends. List order is kept by taking back the items after the first difference and adding the target's
/// items from there, with their original ids; status entries after the first difference are withdrawn and
/// recorded again as they were.
/// </summary>
public static class Reconcile
{
    public static IReadOnlyList<IRecordEvent> Events(Record current, Record target)
    {
        var events = new List<IRecordEvent>();
        if (!ChronologyJson.Same(current.Title, target.Title)) events.Add(new TitleRevised(target.Title));
        if (!ChronologyJson.Same(current.Aliases, target.Aliases)) events.Add(new AliasesRevised(target.Aliases));
        if (!ChronologyJson.Same(current.Summary, target.Summary)) events.Add(new SummaryRevised(target.Summary));
        if (current.Kind != target.Kind) events.Add(new KindChanged(target.Kind));
        if (!current.Tags.SequenceEqual(target.Tags)) events.Add(new TagsRevised(target.Tags));
        if (current.TimeZone != target.TimeZone) events.Add(new TimeZoneChanged(target.TimeZone));

        events.AddRange(StatusEntries(current.StatusEntries, target.StatusEntries));
        events.AddRange(Places(current, target));
        events.AddRange(List(current.Participants, target.Participants, p => p.Id,
            p => new ParticipantRemoved(p.Id), p => new ParticipantAdded(p.Id, p.Name, p.Role, p.Side)));
        events.AddRange(List(current.Outcomes, target.Outcomes, o => o.Id,
            o => new OutcomeRetracted(o.Id), o => new OutcomeRecorded(o.Id, o.Text)));
        events.AddRange(List(current.Sources, target.Sources, s => s.Id,
            s => new SourceWithdrawn(s.Id), s => new SourceCited(s.Id, s.Url, s.Title, s.Publisher, s.PublishedOn, s.Quote)));
        events.AddRange(List(current.Links, target.Links, l => l.Id,
            l => new LinkRemoved(l.Id), l => new LinkAdded(l.Id, l.Relation, l.RecordId)));
        return events;
    }

    private static IEnumerable<IRecordEvent> StatusEntries(ImmutableList<StatusEntry> current, ImmutableList<StatusEntry> target)
    {
        var same = CommonPrefix(current, target, (a, b) => a.Number == b.Number && ChronologyJson.Same(a, b));
        foreach (var entry in current.Skip(same)) yield return new StatusEntryWithdrawn(entry.Number);
        foreach (var e in target.Skip(same)) yield return StatusChanged.Of(e.Change, e.Facts);
    }

    private static IEnumerable<IRecordEvent> Places(Record current, Record target)
    {
        if (ChronologyJson.Same(current.PlaceEntries.Select(p => new { p.Place, p.On }).ToList(), target.PlaceEntries.Select(p => new { p.Place, p.On }).ToList()))
            yield break;
        if (current.PlaceEntries.Count > 0) yield return new PlaceCleared();
        foreach (var entry in target.PlaceEntries) yield return new PlaceChanged(entry.Place, entry.On);
    }

    private static IEnumerable<IRecordEvent> List<T>(
        ImmutableList<T> current, ImmutableList<T> target, Func<T, Guid> id, Func<T, IRecordEvent> remove, Func<T, IRecordEvent> add)
    {
        var same = CommonPrefix(current, target, (a, b) => id(a) == id(b) && ChronologyJson.Same(a, b));
        foreach (var item in current.Skip(same)) yield return remove(item);
        foreach (var item in target.Skip(same)) yield return add(item);
    }

    private static int CommonPrefix<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, bool> same)
    {
        var count = 0;
        while (count < a.Count && count < b.Count && same(a[count], b[count])) count++;
        return count;
    }
}
