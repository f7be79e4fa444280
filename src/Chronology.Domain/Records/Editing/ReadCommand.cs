namespace Chronology.Domain.Records.Editing;

/// <summary>A command read from its body, with the edit summary and correction flag the body carried.</summary>
public sealed record ReadCommand(IRecordCommand Command, string? Comment, bool Correction);
