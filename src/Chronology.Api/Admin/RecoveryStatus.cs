using Chronology.Api.Chronologies;
using Chronology.Domain.Operations;

namespace Chronology.Api.Admin;

/// <summary>A retry's or skip's state (queued, running, done, failed), with who asked, why, and the rebuilds it started.</summary>
public sealed record RecoveryStatus(
    Guid Id, string Name, string Action, long? Sequence, string? EventType, string? Reason, string State, string RequestedBy,
    DateTimeOffset RequestedAt, string? Error, IReadOnlyList<string> Rebuilds, DateTimeOffset? FinishedAt)
{
    public static string Url(Guid id) => $"/admin/recoveries/{id}";

    public static RecoveryStatus Of(ProjectionRecovery job) => new(
        job.Id, job.Projection, job.Action.ToString().ToLowerInvariant(), job.Sequence, job.EventType, job.Reason,
        job.State.ToString().ToLowerInvariant(), job.RequestedBy, job.RequestedAt, job.Error,
        (job.Rebuilds ?? []).Select(rebuild => ChronologyRouting.InCurrentChronology(RebuildStatus.Url(rebuild))).ToList(), job.FinishedAt);
}
