namespace Chronology.Domain.Records;

/// <summary>The outcome of deciding a command: the events to append, or why not.</summary>
public sealed record Decision(IReadOnlyList<IRecordEvent> Events, DomainError? Refusal)
{
    public static Decision Accept(params IRecordEvent[] events) => new(events, null);

    public static Decision Accept(IEnumerable<IRecordEvent> events) => new(events.ToList(), null);

    public static Decision Refuse(DomainError refusal) => new([], refusal);

    public static readonly Decision NothingChanged = new([], null);

    public bool IsRefused => Refusal is not null;
}
