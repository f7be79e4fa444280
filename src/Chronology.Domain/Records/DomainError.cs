namespace Chronology.Domain.Records;

/// <summary>How a refusal reads over HTTP: invalid input (400), a missing record (404), or a domain rule (409).</summary>
public enum RefusalKind { InvalidInput, NotFound, RuleViolated }

/// <summary>Why a command was refused: a stable code for programs, a message for people, field errors where relevant.</summary>
public sealed record DomainError(string Code, string Message, RefusalKind Kind, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static DomainError Rule(string code, string message) => new(code, message, RefusalKind.RuleViolated);

    public static DomainError Invalid(string field, string message) =>
        new("input.invalid", message, RefusalKind.InvalidInput, new Dictionary<string, string[]> { [field] = [message] });

    public static DomainError NotFound(string code, string message) => new(code, message, RefusalKind.NotFound);
}

/// <summary>The outcome of deciding a command: the events to append, or why not.</summary>
public sealed record Decision(IReadOnlyList<IRecordEvent> Events, DomainError? Refusal)
{
    public static Decision Accept(params IRecordEvent[] events) => new(events, null);

    public static Decision Accept(IEnumerable<IRecordEvent> events) => new(events.ToList(), null);

    public static Decision Refuse(DomainError refusal) => new([], refusal);

    public static readonly Decision NothingChanged = new([], null);

    public bool IsRefused => Refusal is not null;
}
