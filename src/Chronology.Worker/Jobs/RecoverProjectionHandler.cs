using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Jobs;

/// <summary>
/// Carries out an admin's retry or skip on the worker that runs the projection's agent (see <see cref="ProjectionAgents"/>). A skip marks the event skipped (Marten's event skipping: every
/// projection's loader and every read of the stream pass over it), queues rebuilds of the projections that had already
/// folded it in, so that every view leaves it out alike, and retries of the others stopped on it, and starts the faulted
/// projection again.
/// </summary>
public static class RecoverProjectionHandler
{
    public static Task Handle(
        RecoverProjection message, Envelope envelope, JobRunner jobs, JobHints hints, IDocumentStore store, StoreOptions options, IWolverineRuntime messaging,
        ProjectionAgents agents, TimeProvider clock, ILogger<RecoverProjection> logger, CancellationToken cancellation) =>
        hints.Follow(envelope, () => Recover(message, envelope, jobs, store, options, messaging, agents, clock, logger, cancellation));

    private static async Task Recover(
        RecoverProjection message, Envelope envelope, JobRunner jobs, IDocumentStore store, StoreOptions options, IWolverineRuntime messaging,
        ProjectionAgents agents, TimeProvider clock, ILogger<RecoverProjection> logger, CancellationToken cancellation)
    {
        using var chronology = ChronologyScope.Enter(envelope.TenantId);
        IEventSubscriptionAgent agent = null!;
        await jobs.Run<ProjectionRecovery>(message.JobId, async (job, token) => agent = await agents.Local(job.Projection, job.Id, envelope, token), async (job, token) =>
        {
            if (job is { Action: RecoveryAction.Skip, Sequence: { } sequence })
            {
                await store.ChronologyDatabase().MarkEventsAsSkipped([sequence], token);
                job = await RecoverTheOthers(store, options, messaging, job, sequence, clock, token);
                logger.LogWarning("Event {Sequence} ({Type}) skipped for every view at the request of {Admin}: {Reason}",
                    sequence, job.EventType, job.RequestedBy, job.Reason);
            }
            // Starts the stopped agent again (the daemon's start of the shard it runs), past the skipped event.
            await agent.StartAsync(token);
            return job;
        }, cancellation);
    }

    /// <summary>
    /// The other projections whose position is past the skipped event folded it in: they are rebuilt without it. Those
    /// stopped on it are retried: under Wolverine's distribution a projection stopped on an event stays stopped until
    /// started again, and it may run on another worker, so each gets a retry of its own, run where its agent runs. The
    /// rebuilds and retries are queued in the transaction that records the rebuilds on the recovery, so a skip run again
    /// (its worker died) asks for no more.
    /// </summary>
    private static async Task<ProjectionRecovery> RecoverTheOthers(
        IDocumentStore store, StoreOptions options, IWolverineRuntime messaging, ProjectionRecovery job, long sequence, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (job.Rebuilds is not null) return job;
        var progress = (await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation)).ToDictionary(shard => shard.ShardName);
        var others = options.Projections.AllShards().Where(shard => shard.Name.Name != job.Projection)
            .Select(shard => (shard.Name.Name, Progress: progress.GetValueOrDefault(shard.Name.Identity)))
            .ToList();
        var by = $"{job.RequestedBy} (skip of event {sequence})";
        var rebuilds = others.Where(other => other.Progress?.Sequence >= sequence)
            .Select(other => RebuildJob.Requested(other.Name, by, clock.GetUtcNow()))
            .ToList();
        var retries = others.Where(other => other.Progress is { } stopped && stopped.Sequence < sequence && stopped.Failure?.Event?.Sequence == sequence)
            .Select(other => ProjectionRecovery.Retry(other.Name, by, clock.GetUtcNow()))
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
        foreach (var retry in retries)
        {
            session.Store(retry);
            await outbox.PublishAsync(new RecoverProjection(retry.Id));
        }
        await session.SaveChangesAsync(cancellation);
        return job;
    }
}
