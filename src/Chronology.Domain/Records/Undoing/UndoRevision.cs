using Chronology.Domain.Diffs;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Reverting;

namespace Chronology.Domain.Records.Undoing;

/// <summary>Take back what revision <see cref="Revision"/> changed, keeping every later edit.</summary>
public sealed record UndoRevision(int Revision) : IRecordCommand, INeedsHistory
{
    public IEnumerable<int> Revisions => [Revision - 1, Revision];

    /// <summary>
    /// Every field revision n changed (list items by id) must still hold the value n gave it; otherwise the
    /// undo would overwrite a later edit, and it is refused with the conflicting paths.
    /// </summary>
    public Decision Decide(Record record, EditContext context)
    {
        if (Revision < 2 || Revision > record.Revision || context.Past.At(Revision) is not { } after || context.Past.At(Revision - 1) is not { } before)
            return Decision.Refuse(Revision == 1
                ? DomainError.Rule("undo.creation", "Revision 1 created the record; it cannot be undone. Revert to it instead.")
                : RecordErrors.NoRevision(Revision, record.Revision));

        var changes = JsonDiff.Changes(UndoContent.Of(before), UndoContent.Of(after));
        if (JsonDiff.Conflicts(changes, UndoContent.Of(record)) is { Count: > 0 } conflicts)
            return Decision.Refuse(new DomainError(
                "undo.conflict",
                $"Revision {Revision} cannot be undone: later edits changed {string.Join(", ", conflicts)}.",
                RefusalKind.RuleViolated,
                new Dictionary<string, string[]> { ["paths"] = conflicts.ToArray() }));

        var events = Reconcile.Events(record, Undone(record, before, after));
        return events.Count == 0 ? Decision.NothingChanged : Decision.Accept([new RevisionUndone(Revision), .. events]);
    }

    /// <summary>The current state with what changed from <paramref name="before"/> to <paramref name="after"/> put back.</summary>
    private static Record Undone(Record current, Record before, Record after) => current with
    {
        Title = Back(current.Title, before.Title, after.Title),
        Aliases = Back(current.Aliases, before.Aliases, after.Aliases),
        Summary = Back(current.Summary, before.Summary, after.Summary),
        Kind = Back(current.Kind, before.Kind, after.Kind),
        Tags = Back(current.Tags, before.Tags, after.Tags),
        TimeZone = Back(current.TimeZone, before.TimeZone, after.TimeZone),
        StatusEntries = Items(current.StatusEntries, before.StatusEntries, after.StatusEntries, entry => entry.Number)
            .OrderBy(entry => entry.Number).ToImmutableList(),
        PlaceEntries = Back(current.PlaceEntries, before.PlaceEntries, after.PlaceEntries),
        Participants = Items(current.Participants, before.Participants, after.Participants, p => p.Id),
        Outcomes = Items(current.Outcomes, before.Outcomes, after.Outcomes, o => o.Id),
        Sources = Items(current.Sources, before.Sources, after.Sources, s => s.Id),
        Links = Items(current.Links, before.Links, after.Links, l => l.Id),
    };

    private static T Back<T>(T current, T before, T after) => ChronologyJson.Same(before, after) ? current : before;

    /// <summary>Items the revision added are taken out, items it removed go back where they were, items it changed get their old content.</summary>
    private static ImmutableList<T> Items<T, TId>(ImmutableList<T> current, ImmutableList<T> before, ImmutableList<T> after, Func<T, TId> id)
        where TId : notnull
    {
        var beforeById = before.ToDictionary(id);
        var afterById = after.ToDictionary(id);
        var result = current
            .Where(item => !(afterById.ContainsKey(id(item)) && !beforeById.ContainsKey(id(item))))
            .Select(item => beforeById.TryGetValue(id(item), out var old) && afterById.TryGetValue(id(item), out var changed) && !ChronologyJson.Same(old, changed) ? old : item)
            .ToList();
        foreach (var (removed, index) in before.Select((item, index) => (item, index)).Where(pair => !afterById.ContainsKey(id(pair.item))))
            result.Insert(Math.Min(index, result.Count), removed);
        return result.ToImmutableList();
    }
}
