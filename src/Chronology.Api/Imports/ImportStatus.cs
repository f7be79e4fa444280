using Chronology.Domain.Imports;

namespace Chronology.Api.Imports;

/// <summary>
/// An import's state (queued, running, done, failed), its line counts, the first lines refused with their numbers, and its
/// progress while it runs: lines done (linesDone), refusals counted, records created, events stored, lines per second.
/// </summary>
public sealed record ImportStatus(
    Guid Id, string State, int Lines, int Imported, int Skipped, IReadOnlyList<ImportError> Errors, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt,
    int LinesDone, int ErrorCount, int Records, long Events, double LinesPerSecond)
{
    public static string Url(Guid id) => $"/imports/{id}";

    public static ImportStatus Of(ImportJob job) => new(
        job.Id, job.State.ToString().ToLowerInvariant(), job.Lines, job.Imported, job.Skipped, job.Errors ?? [], job.RequestedAt, job.FinishedAt,
        job.LinesDone, job.ErrorCount, job.Records, job.Events, job.LinesPerSecond);
}
