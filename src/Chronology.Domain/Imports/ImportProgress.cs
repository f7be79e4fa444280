namespace Chronology.Domain.Imports;

public sealed record ImportProgress(int Lines, int Done, int Imported, int Skipped, IReadOnlyList<ImportError> Errors);
