using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Chronology.Worker.Jobs;

/// <summary>
/// Carries out an admin's retry or skip on the leader. A skip marks the event skipped (Marten's event skipping: every
/// projection's loader and every read of the stream pass over it), queues rebuilds of the projections that had already
/// folded it in, so that every view leaves it out alike, and starts the faulted projection again.
/// </summary>
public static class RecoverProjectionHandler
{
    public static async Task Handle(
        RecoverProjection message, Envelope envelope, JobRunner jobs, IDocumentStore store, StoreOptions options, IWolverineRuntime messaging, DaemonLeadership leadership, TimeProvider clock,
        ILogger<RecoverProjection> logger, CancellationToken cancellation)
    {
        using var chronology = ChronologyScope.Enter(envelope.TenantId);
        leadership.EnsureLeading(message.JobId);
        await jobs.Run<ProjectionRecovery>(message.JobId, async (job, token) =>
        {
            if (job is { Action: RecoveryAction.Skip, Sequence: { } sequence })
            {
                await store.ChronologyDatabase().MarkEventsAsSkipped([sequence], token);
                job = await RebuildThosePast(store, options, messaging, job, sequence, clock, token);
                logger.LogWarning("Event {Sequence} ({Type}) skipped for every view at the request of {Admin}: {Reason}",
                    sequence, job.EventType, job.RequestedBy, job.Reason);
            }
            await leadership.Daemon.StartAgentAsync(new ShardName(job.Projection).Identity, token);
            return job;
        }, cancellation);
    }

    /// <summary>
    /// The other projections whose position is past the skipped event folded it in: they are rebuilt without it. The
    /// rebuilds are queued in the transaction that records them on the recovery, so a skip run again (its worker died)
    /// asks for no more.
    /// </summary>
    private static async Task<ProjectionRecovery> RebuildThosePast(
        IDocumentStore store, StoreOptions options, IWolverineRuntime messaging, ProjectionRecovery job, long sequence, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (job.Rebuilds is not null) return job;
        var progress = (await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation)).ToDictionary(shard => shard.ShardName, shard => shard.Sequence);
        var rebuilds = options.Projections.AllShards()
            .Where(shard => shard.Name.Name != job.Projection && progress.GetValueOrDefault(shard.Name.Identity) >= sequence)
            .Select(shard => RebuildJob.Requested(shard.Name.Name, $"{job.RequestedBy} (skip of event {sequence})", clock.GetUtcNow()))
            .ToList();
        job = job with { Rebuilds = rebuilds.Select(rebuild => rebuild.Id).ToList() };
        await using var session = store.ChronologySession();
        var outbox = new MartenOutbox(messaging, session) { TenantId = ChronologyScope.EnvelopeTenantId };
        session.Store(job);
        foreach (var rebuild in rebuilds)
        {
            session.Store(rebuild);
            await outbox.PublishAsync(new RebuildProjection(rebuild.Id));
        }
        await session.SaveChangesAsync(cancellation);
        return job;
    }
}
