using Chronology.Domain.Operations;
using Chronology.Domain.Views;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace Chronology.Worker.Jobs;

public sealed record RebuildProjection(Guid JobId);

/// <summary>
/// Rebuilds one projection from the whole event log on the worker that runs the daemon, reporting progress
/// (events done of the high water mark) on the job document while it runs. The replay writes over the documents readers
/// keep using (see ProjectionTuning); when it is done, the documents it did not write again are removed.
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
            var started = await DatabaseNow(store, cancellation);
            await daemon.RebuildProjectionAsync(job.Projection, Timeout, cancellation);
            await using (var sweep = store.LightweightSession())
            {
                RebuildSweep.QueueFor(sweep, job.Projection, started);
                await sweep.SaveChangesAsync(cancellation);
            }
            // A rebuild leaves the projection's live agent stopped; new events must keep flowing.
            await daemon.StartAgentAsync(new ShardName(job.Projection).Identity, cancellation);
            job = job with { State = JobState.Done, Processed = total, FinishedAt = DateTimeOffset.UtcNow };
        }
        // PostgreSQL going away is not the job's failure: the exception reaches the poller, which runs the job again.
        catch (Exception e) when (e is not OperationCanceledException && !TransientFailures.IsTransient(e))
        {
            logger.LogError(e, "Rebuilding projection {Projection} failed", job.Projection);
            job = job with { State = JobState.Failed, Error = e.Message, FinishedAt = DateTimeOffset.UtcNow };
        }
        await progress.CancelAsync();
        await reporting;
        await Save(store, job, cancellation);
    }

    /// <summary>The database's clock, which stamps each document's last modification.</summary>
    private static async Task<DateTimeOffset> DatabaseNow(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return (await session.QueryAsync<DateTimeOffset>("select now()", cancellation)).Single();
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
