namespace Chronology.Domain.Records.Editing;

/// <summary>Who made one revision and why: the same for each of its events.</summary>
public sealed record EditNote(string Editor, string? Comment, bool Correction, string? IdempotencyKey = null, string? ImportedBy = null);
