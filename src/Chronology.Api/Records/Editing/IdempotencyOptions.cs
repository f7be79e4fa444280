namespace Chronology.Api.Records.Editing;

public sealed class IdempotencyOptions
{
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);
}
