using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;

namespace Chronology.Api.Admin;

/// <summary>Why a projection stopped: the event it could not fold (when known) and the error.</summary>
public sealed record ProjectionFailure(long? Sequence, string? EventType, string Error, DateTimeOffset? At);

/// <summary>
/// One async projection as the worker last reported it. <see cref="State"/> is running, faulted (stopped on an event,
/// see <see cref="Failure"/>; it stays stopped until an admin retries or skips), unassigned (no worker has reported it alive
/// lately) or rebuilding.
/// </summary>
public sealed record ProjectionState(string Name, uint Version, long Position, string State, ProjectionFailure? Failure)
{
    /// <summary>Events stored that this projection has not yet folded: its lag, as /admin/projections and /metrics report it.</summary>
    public long EventsBehind(long highWaterMark) => Math.Max(0, highWaterMark - Position);
}

/// <summary>
/// Reads what the daemon writes beside each shard's position in mt_event_progression (agent state, failure, heartbeat):
/// the API runs no daemon, so this is how it knows whether the views are moving.
/// </summary>
public sealed class ProjectionStates(IDocumentStore store, StoreOptions options, TimeProvider clock)
{
    public async Task<(IReadOnlyList<ProjectionState> Projections, long HighWaterMark)> Read(CancellationToken cancellation)
    {
        var progress = (await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation)).ToDictionary(shard => shard.ShardName);
        await using var session = store.ChronologyQuery();
        // The newest event stored, not the daemon's high water mark: while the daemon waits out a gap in the sequence
        // (left by a transaction that never committed, such as a crashed API's), its mark stays behind events already
        // stored, and a lag measured against it would read 0 with those events in no view.
        var highWaterMark = (await session.QueryAsync<long>(
            $"select coalesce(max(seq_id), 0) from {options.Events.DatabaseSchemaName}.mt_events", cancellation)).Single();
        var rebuilding = (await session.Query<RebuildJob>().Where(job => job.State == JobState.Running || job.State == JobState.Queued)
            .ToListAsync(cancellation)).Select(job => job.Projection).ToHashSet();

        var states = options.Projections.AllShards().Select(shard =>
        {
            var reported = progress.GetValueOrDefault(shard.Name.Identity);
            var failure = reported?.Failure is { } failed
                ? new ProjectionFailure(failed.Event?.Sequence, failed.Event?.EventTypeName, Summary(failed.Message), failed.OccurredAt)
                : null;
            var state = rebuilding.Contains(shard.Name.Name) ? "rebuilding"
                : failure is not null && reported!.AgentStatus is "Paused" or "Stopped" ? "faulted"
                : reported?.AgentStatus == "Running" && clock.GetUtcNow() - reported.LastHeartbeat < ProjectionTuning.Silence ? "running"
                : "unassigned";
            return new ProjectionState(shard.Name.Name, shard.Name.Version, reported?.Sequence ?? 0, state, state == "faulted" ? failure : null);
        }).ToList();
        return (states, highWaterMark);
    }

    /// <summary>
    /// The event a projection last failed on, while it has not got past it: between the worker's retries its agent runs
    /// for a moment, so this does not depend on the agent's state at the instant of asking.
    /// </summary>
    public async Task<long?> StoppedAt(string name, CancellationToken cancellation)
    {
        var shard = options.Projections.AllShards().Single(shard => shard.Name.Name == name).Name.Identity;
        var reported = (await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation)).SingleOrDefault(progress => progress.ShardName == shard);
        return reported?.Failure?.Event?.Sequence is { } failedAt && reported.Sequence < failedAt ? failedAt : null;
    }

    /// <summary>The exception's messages without the stack trace: what failed, and why (the inner exceptions).</summary>
    private static string Summary(string detail) => string.Join(" ← ", detail
        .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Where(line => !line.StartsWith("at ", StringComparison.Ordinal) && !line.StartsWith("--- ", StringComparison.Ordinal))
        .Select(line => line.StartsWith("--->", StringComparison.Ordinal) ? line[4..].Trim() : line));
}
