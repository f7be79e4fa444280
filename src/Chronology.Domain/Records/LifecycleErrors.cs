namespace Chronology.Domain.Records;

public static class LifecycleErrors
{
    public const string AlreadyHeldCode = "lifecycle.already-held";
    public const string AlreadyCancelledCode = "lifecycle.already-cancelled";
    public const string NotCancelledOrPostponedCode = "lifecycle.not-cancelled-or-postponed";
    public const string CancelledCode = "lifecycle.cancelled";
    public const string NotAllowedCode = "lifecycle.transition-not-allowed";

    public static DomainError AlreadyHeld(StatusChange change, string on) =>
        DomainError.Rule(AlreadyHeldCode, $"The meeting was already held; it cannot be {Verb(change)} {on}.");

    public static DomainError AlreadyCancelled(string on) =>
        DomainError.Rule(AlreadyCancelledCode, $"The meeting was already cancelled; it cannot be cancelled again {on}. Reinstate it first.");

    public static DomainError NotCancelledOrPostponed(MeetingStatus from, string on) =>
        DomainError.Rule(NotCancelledOrPostponedCode, $"Only a cancelled or postponed meeting can be reinstated; it was {Name(from)} {on}.");

    public static DomainError Cancelled(StatusChange change, string on) =>
        DomainError.Rule(CancelledCode, $"The meeting was cancelled; it cannot be {Verb(change)} {on} unless it is reinstated first.");

    public static DomainError NotAllowed(MeetingStatus from, StatusChange change, string on) =>
        DomainError.Rule(NotAllowedCode, $"A {Name(from)} meeting cannot be {Verb(change)} {on}.");

    private static string Verb(StatusChange change) => change.ToString().ToLowerInvariant();

    private static string Name(MeetingStatus status) => status.ToString().ToLowerInvariant();
}
