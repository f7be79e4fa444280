namespace Chronology.Domain.Operations;

/// <summary>
/// An admin's request to get a faulted projection moving again, carried out by the worker that runs its agent
/// (<see cref="RecoverProjection"/>):
/// <see cref="RecoveryAction.Retry"/> starts its agent again at once (a projection stopped on an event stays stopped
/// until then), <see cref="RecoveryAction.Skip"/> marks the one event it cannot fold as skipped. A skipped
/// event is left out of every view, so the views keep agreeing: the other projections that had already folded it in
/// are rebuilt without it (<see cref="Rebuilds"/>). The document stays as the audit record of who did what, when and why.
/// </summary>
public sealed record ProjectionRecovery(
    Guid Id,
    string Projection,
    RecoveryAction Action,
    long? Sequence,
    string? EventType,
    string? Reason,
    JobState State,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? Error = null,
    IReadOnlyList<Guid>? Rebuilds = null,
    DateTimeOffset? FinishedAt = null) : IJob<ProjectionRecovery>
{
    public static ProjectionRecovery Retry(string projection, string by, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), projection, RecoveryAction.Retry, null, null, null, JobState.Queued, by, at);

    public static ProjectionRecovery Skip(string projection, long sequence, string eventType, string reason, string by, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), projection, RecoveryAction.Skip, sequence, eventType, reason, JobState.Queued, by, at);

    public ProjectionRecovery Running() => this with { State = JobState.Running };

    public ProjectionRecovery Done(DateTimeOffset at) => this with { State = JobState.Done, FinishedAt = at };

    public ProjectionRecovery Failed(string error, DateTimeOffset at) => this with { State = JobState.Failed, Error = error, FinishedAt = at };
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RecoveryAction>))]
public enum RecoveryAction { Retry, Skip }
