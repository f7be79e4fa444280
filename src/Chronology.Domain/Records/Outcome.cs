namespace Chronology.Domain.Records;

public sealed record Outcome(Guid Id, LanguageText Text);
