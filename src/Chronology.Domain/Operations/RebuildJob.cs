namespace Chronology.Domain.Operations;

/// <summary>
/// A request to rebuild one projection, stored in PostgreSQL by the API together with the <see cref="RebuildProjection"/>
/// message that has the worker running that projection carry it out. Its progress is what the rebuild status URL shows.
/// </summary>
public sealed record RebuildJob(
    Guid Id,
    string Projection,
    JobState State,
    long Processed,
    long Total,
    string? Error,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt = null) : IJob<RebuildJob>
{
    public static RebuildJob Requested(string projection, string by, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), projection, JobState.Queued, 0, 0, null, by, at);

    public RebuildJob Running() => this with { State = JobState.Running };

    public RebuildJob Done(DateTimeOffset at) => this with { State = JobState.Done, Processed = Total, FinishedAt = at };

    public RebuildJob Failed(string error, DateTimeOffset at) => this with { State = JobState.Failed, Error = error, FinishedAt = at };
}
