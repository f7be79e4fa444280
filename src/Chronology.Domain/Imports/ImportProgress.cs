namespace Chronology.Domain.Imports;

/// <summary>
/// How far an import got: <see cref="Done"/> of <see cref="Lines"/> lines read, of which <see cref="Imported"/> went in,
/// <see cref="Skipped"/> were there already (their keys imported before), and <see cref="ErrorCount"/> were refused. The
/// first <see cref="NdjsonImport.KeptErrors"/> refusals are kept with their line numbers, so the status of a file with
/// millions of bad lines stays small. <see cref="Records"/> counts the records the import created, <see cref="Events"/>
/// the events it stored.
/// </summary>
public sealed record ImportProgress(
    int Lines, int Done, int Imported, int Skipped, IReadOnlyList<ImportError> Errors,
    int ErrorCount = 0, int Records = 0, long Events = 0, double LinesPerSecond = 0)
{
    public static ImportProgress Start(int lines) => new(lines, 0, 0, 0, []);
}
