namespace Chronology.Domain.Records;

/// <summary>Why a command was refused: a stable code for programs, a message for people, field errors where relevant.</summary>
public sealed record DomainError(string Code, string Message, RefusalKind Kind, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static DomainError Rule(string code, string message) => new(code, message, RefusalKind.RuleViolated);

    public static DomainError Invalid(string field, string message) =>
        new("input.invalid", message, RefusalKind.InvalidInput, new Dictionary<string, string[]> { [field] = [message] });

    public static DomainError NotFound(string code, string message) => new(code, message, RefusalKind.NotFound);
}
