using Chronology.Domain.Imports;

namespace Chronology.Api.Imports;

/// <summary>An import's state (queued, running, done, failed), its line counts, and the lines refused with their numbers.</summary>
public sealed record ImportStatus(Guid Id, string State, int Lines, int Imported, int Skipped, IReadOnlyList<ImportError> Errors, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt)
{
    public static string Url(Guid id) => $"/imports/{id}";

    public static ImportStatus Of(ImportJob job) => new(
        job.Id, job.State.ToString().ToLowerInvariant(), job.Lines, job.Imported, job.Skipped, job.Errors ?? [], job.RequestedAt, job.FinishedAt);
}
