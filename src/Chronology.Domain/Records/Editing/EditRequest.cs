namespace Chronology.Domain.Records.Editing;

/// <summary>
/// An edit to decide and store as one revision, with who made it and the guarantees the caller asked for.
/// <see cref="ExpectedRevision"/> 0 matches no revision (what a weak entity tag in If-Match asks for).
/// </summary>
public sealed record EditRequest(
    Guid RecordId,
    IReadOnlyList<IRecordCommand> Commands,
    EditNote Note,
    int? ExpectedRevision = null,
    string? CorrelationId = null,
    IdempotencyClaim? Idempotency = null);
