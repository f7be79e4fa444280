namespace Chronology.Domain.Records.Editing;

/// <summary>
/// What an accepted edit answered, kept under its idempotency key in the same transaction as the events,
/// so a retry gets the first answer and appends nothing.
/// </summary>
public sealed record EditReceipt(
    string Id,
    string RequestHash,
    Guid RecordId,
    int Revision,
    Guid? ItemId,
    bool Created,
    DateTimeOffset RecordedAt,
    DateTimeOffset? ExpiresAt)
{
    public static string IdFor(string scope, string key) => $"{scope}:{key}";
}
