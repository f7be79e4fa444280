namespace Chronology.Domain.Records;

public sealed record Place(LanguageText Name, string? Locality, string? Country, Coordinates? Coordinates);
