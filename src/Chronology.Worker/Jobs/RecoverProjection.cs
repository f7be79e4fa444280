using Chronology.Domain.Operations;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace Chronology.Worker.Jobs;

public sealed record RecoverProjection(Guid JobId);

/// <summary>
/// Carries out an admin's retry or skip on the leader. A skip marks the event skipped (Marten's event skipping: every
/// projection's loader and every read of the stream pass over it), queues rebuilds of the projections that had already
/// folded it in, so that every view leaves it out alike, and starts the faulted projection again.
/// </summary>
public static class RecoverProjectionHandler
{
    public static async Task Handle(RecoverProjection message, IDocumentStore store, StoreOptions options, DaemonLeadership leadership, TimeProvider clock, ILogger<RecoverProjection> logger, CancellationToken cancellation)
    {
        ProjectionRecovery job;
        await using (var query = store.QuerySession())
            job = await query.LoadAsync<ProjectionRecovery>(message.JobId, cancellation) ?? throw new InvalidOperationException($"No recovery job {message.JobId}.");
        try
        {
            if (job is { Action: RecoveryAction.Skip, Sequence: { } sequence })
            {
                await store.Storage.Database.MarkEventsAsSkipped([sequence], cancellation);
                job = job with { Rebuilds = await RebuildThosePast(store, options, job, sequence, clock, cancellation) };
                logger.LogWarning("Event {Sequence} ({Type}) skipped for every view at the request of {Admin}: {Reason}",
                    sequence, job.EventType, job.RequestedBy, job.Reason);
            }
            await leadership.Daemon.StartAgentAsync(new ShardName(job.Projection).Identity, cancellation);
            job = job with { State = JobState.Done, FinishedAt = clock.GetUtcNow() };
        }
        // PostgreSQL going away is not the job's failure: the exception reaches the poller, which runs the job again.
        catch (Exception e) when (e is not OperationCanceledException && !TransientFailures.IsTransient(e))
        {
            logger.LogError(e, "Recovering projection {Projection} failed", job.Projection);
            job = job with { State = JobState.Failed, Error = e.Message, FinishedAt = clock.GetUtcNow() };
        }
        await using var session = store.LightweightSession();
        session.Store(job);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The other projections whose position is past the skipped event folded it in: they are rebuilt without it.</summary>
    private static async Task<IReadOnlyList<Guid>> RebuildThosePast(
        IDocumentStore store, StoreOptions options, ProjectionRecovery job, long sequence, TimeProvider clock, CancellationToken cancellation)
    {
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellation)).ToDictionary(shard => shard.ShardName, shard => shard.Sequence);
        var rebuilds = options.Projections.AllShards()
            .Where(shard => shard.Name.Name != job.Projection && progress.GetValueOrDefault(shard.Name.Identity) >= sequence)
            .Select(shard => RebuildJob.Requested(shard.Name.Name, $"{job.RequestedBy} (skip of event {sequence})", clock.GetUtcNow()))
            .ToList();
        await using var session = store.LightweightSession();
        session.Store(rebuilds.ToArray());
        await session.SaveChangesAsync(cancellation);
        return rebuilds.Select(rebuild => rebuild.Id).ToList();
    }
}
