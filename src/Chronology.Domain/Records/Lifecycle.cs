namespace Chronology.Domain.Records;

/// <summary>
/// The meeting lifecycle as a state machine over valid time. Entries may be recorded in any order
/// (an editor may backfill a cancellation years later); the rules hold over the whole sequence
/// sorted by the date each change happened in the world.
/// </summary>
public static class Lifecycle
{
    /// <summary>From which statuses each change may happen, and what the status becomes.</summary>
    private static readonly IReadOnlyDictionary<StatusChange, (MeetingStatus[] From, MeetingStatus To)> Transitions =
        new Dictionary<StatusChange, (MeetingStatus[], MeetingStatus)>
        {
            [StatusChange.Announced] = ([MeetingStatus.Proposed], MeetingStatus.Announced),
            [StatusChange.Scheduled] = ([MeetingStatus.Proposed, MeetingStatus.Announced], MeetingStatus.Scheduled),
            [StatusChange.Rescheduled] = ([MeetingStatus.Scheduled, MeetingStatus.Rescheduled, MeetingStatus.Postponed], MeetingStatus.Rescheduled),
            [StatusChange.Postponed] = ([MeetingStatus.Announced, MeetingStatus.Scheduled, MeetingStatus.Rescheduled], MeetingStatus.Postponed),
            [StatusChange.Cancelled] = ([MeetingStatus.Proposed, MeetingStatus.Announced, MeetingStatus.Scheduled, MeetingStatus.Rescheduled, MeetingStatus.Postponed], MeetingStatus.Cancelled),
            [StatusChange.Reinstated] = ([MeetingStatus.Cancelled, MeetingStatus.Postponed], MeetingStatus.Scheduled),
            [StatusChange.Held] = ([MeetingStatus.Proposed, MeetingStatus.Announced, MeetingStatus.Scheduled, MeetingStatus.Rescheduled], MeetingStatus.Held),
        };

    public static bool Allows(MeetingStatus from, StatusChange change) => Transitions[change].From.Contains(from);

    public static MeetingStatus After(StatusChange change) => Transitions[change].To;

    /// <summary>Why <paramref name="change"/> cannot follow <paramref name="from"/>, or null when it can.</summary>
    public static DomainError? Refusal(MeetingStatus from, StatusChange change, StatusEntry entry)
    {
        if (Allows(from, change)) return null;
        var on = $"on {entry.Facts.On}";
        return (from, change) switch
        {
            (MeetingStatus.Held, _) => LifecycleErrors.AlreadyHeld(change, on),
            (MeetingStatus.Cancelled, StatusChange.Cancelled) => LifecycleErrors.AlreadyCancelled(on),
            (_, StatusChange.Reinstated) => LifecycleErrors.NotCancelledOrPostponed(from, on),
            (MeetingStatus.Cancelled, _) => LifecycleErrors.Cancelled(change, on),
            _ => LifecycleErrors.NotAllowed(from, change, on),
        };
    }

    public static IReadOnlyList<StatusEntry> InValidTimeOrder(IEnumerable<StatusEntry> entries) =>
        entries.OrderBy(entry => entry.Facts.On.Earliest).ThenBy(entry => entry.Facts.On.Latest).ThenBy(entry => entry.Number).ToList();

    public static MeetingStatus StatusAfter(IEnumerable<StatusEntry> entriesInValidTime) =>
        entriesInValidTime.Aggregate(MeetingStatus.Proposed, (status, entry) => Allows(status, entry.Change) ? After(entry.Change) : status);

    /// <summary>The first entry, in valid time, that the lifecycle refuses; null when the whole sequence makes sense.</summary>
    public static DomainError? Check(IEnumerable<StatusEntry> entries)
    {
        var status = MeetingStatus.Proposed;
        foreach (var entry in InValidTimeOrder(entries))
        {
            if (Refusal(status, entry.Change, entry) is { } refusal) return refusal;
            status = After(entry.Change);
        }
        return null;
    }

    /// <summary>The status over valid time: one interval per entry, each open until the next one begins.</summary>
    public static IReadOnlyList<StatusInterval> Intervals(IEnumerable<StatusEntry> entries)
    {
        var ordered = InValidTimeOrder(entries);
        return ordered
            .Select((entry, i) => new StatusInterval(
                After(entry.Change), entry.Facts.On, i + 1 < ordered.Count ? ordered[i + 1].Facts.On : null, entry.Revision, entry.Change))
            .ToList();
    }
}
