namespace Chronology.Domain.Operations;

/// <summary>
/// A request to rebuild one projection, stored in PostgreSQL by the API and carried out by the worker that
/// leads the async daemon. Its progress is what the rebuild status URL shows.
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
    string? ClaimedBy = null,
    DateTimeOffset? FinishedAt = null)
{
    public static RebuildJob Requested(string projection, string by, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), projection, JobState.Queued, 0, 0, null, by, at);
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JobState>))]
public enum JobState { Queued, Running, Done, Failed }

