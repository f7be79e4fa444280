namespace Chronology.Domain.Records;

public sealed record Source(Guid Id, string Url, string? Title, string? Publisher, EdtfDate? PublishedOn, string? Quote);
