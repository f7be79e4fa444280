namespace Chronology.Domain.Records;

public sealed record Participant(Guid Id, LanguageText Name, string? Role, string? Side);
