using Chronology.Domain.Operations;

namespace Chronology.Api.Admin;

/// <summary>A rebuild's state (queued, running, done, failed) and progress: events processed of the total.</summary>
public sealed record RebuildStatus(Guid Id, string Name, string State, long Processed, long Total, string? Error, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt)
{
    public static string Url(Guid id) => $"/admin/rebuilds/{id}";

    public static RebuildStatus Of(RebuildJob job) => new(
        job.Id, job.Projection, job.State.ToString().ToLowerInvariant(), job.Processed, job.Total, job.Error, job.RequestedAt, job.FinishedAt);
}
