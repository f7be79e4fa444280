using Chronology.Domain.Operations;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace Chronology.Worker.Jobs;

public sealed record RebuildProjection(Guid JobId);

/// <summary>
/// Rebuilds one projection from the whole event log on the worker that runs the daemon, reporting progress
/// (events done of the high water mark) on the job document while it runs.
/// </summary>
public static class RebuildProjectionHandler
{
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(2);

    public static async Task Handle(RebuildProjection message, IDocumentStore store, DaemonLeadership leadership, ILogger<RebuildProjection> logger, CancellationToken cancellation)
    {
        var job = await Load(store, message.JobId, cancellation);
        var daemon = leadership.Daemon;
        var total = (await store.Advanced.FetchEventStoreStatistics(token: cancellation)).EventSequenceNumber;
        await Save(store, job = job with { Total = total }, cancellation);

        using var progress = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reporting = Report(store, job, progress.Token);
        try
        {
            await daemon.RebuildProjectionAsync(job.Projection, Timeout, cancellation);
            // A rebuild leaves the projection's live agent stopped; new events must keep flowing.
            await daemon.StartAgentAsync(new ShardName(job.Projection).Identity, cancellation);
            job = job with { State = JobState.Done, Processed = total, FinishedAt = DateTimeOffset.UtcNow };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Rebuilding projection {Projection} failed", job.Projection);
            job = job with { State = JobState.Failed, Error = e.Message, FinishedAt = DateTimeOffset.UtcNow };
        }
        await progress.CancelAsync();
        await reporting;
        await Save(store, job, cancellation);
    }

    private static async Task Report(IDocumentStore store, RebuildJob job, CancellationToken cancellation)
    {
        var shard = new ShardName(job.Projection).Identity;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await Task.Delay(500, cancellation);
                var progress = (await store.Advanced.AllProjectionProgress(token: cancellation)).FirstOrDefault(p => p.ShardName == shard);
                if (progress is not null) await Save(store, job with { Processed = progress.Sequence }, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<RebuildJob> Load(IDocumentStore store, Guid id, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<RebuildJob>(id, cancellation) ?? throw new InvalidOperationException($"No rebuild job {id}.");
    }

    private static async Task Save(IDocumentStore store, RebuildJob job, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.Store(job);
        await session.SaveChangesAsync(cancellation);
    }
}
