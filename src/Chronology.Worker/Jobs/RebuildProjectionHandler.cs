using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Jobs;

/// <summary>
/// Rebuilds one projection from the whole event log on the worker that runs its agent (see <see cref="ProjectionAgents"/>),
/// through Wolverine's agent rebuild, which stops the agent's live processing, replays, and resumes it; reporting progress (events done
/// of the high water mark) on the job document while it runs. The replay writes over the documents readers keep using
/// (see ProjectionTuning); when it is done, the documents it did not write again are removed. A rebuild cut short is
/// run again from the start: each replay rewrites every document, and the sweep only removes what the last one left out.
/// </summary>
public static class RebuildProjectionHandler
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(500);

    public static Task Handle(
        RebuildProjection message, Envelope envelope, JobRunner jobs, JobHints hints, IDocumentStore store, ProjectionAgents agents, TimeProvider clock,
        CancellationToken cancellation) =>
        hints.Follow(envelope, () => Rebuild(message, envelope, jobs, store, agents, clock, cancellation));

    private static async Task Rebuild(
        RebuildProjection message, Envelope envelope, JobRunner jobs, IDocumentStore store, ProjectionAgents agents, TimeProvider clock,
        CancellationToken cancellation)
    {
        using var chronology = ChronologyScope.Enter(envelope.TenantId);
        IEventSubscriptionAgent agent = null!;
        await jobs.Run<RebuildJob>(message.JobId, async (job, token) => agent = await agents.Local(job.Projection, job.Id, envelope, token), async (job, token) =>
        {
            var total = (await store.Advanced.FetchEventStoreStatistics(ChronologyScope.DatabaseTenantId, token)).EventSequenceNumber;
            await jobs.Save(job = job with { Total = total }, token);

            using var progress = CancellationTokenSource.CreateLinkedTokenSource(token);
            var reporting = Report(jobs, store, job, clock, progress.Token);
            try
            {
                var started = await DatabaseNow(store, token);
                await agents.Rebuild(agent, token);
                await using (var sweep = store.ChronologySession())
                {
                    RebuildSweep.QueueFor(sweep, job.Projection, started);
                    await sweep.SaveChangesAsync(token);
                }
            }
            finally
            {
                await progress.CancelAsync();
                await reporting;
            }
            return job;
        }, cancellation);
    }

    /// <summary>The database's clock, which stamps each document's last modification.</summary>
    private static async Task<DateTimeOffset> DatabaseNow(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.ChronologyQuery();
        return (await session.QueryAsync<DateTimeOffset>("select now()", cancellation)).Single();
    }

    private static async Task Report(JobRunner jobs, IDocumentStore store, RebuildJob job, TimeProvider clock, CancellationToken cancellation)
    {
        var shard = new ShardName(job.Projection).Identity;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await Task.Delay(ReportEvery, clock, cancellation);
                var progress = (await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation)).FirstOrDefault(p => p.ShardName == shard);
                if (progress is not null) await jobs.Save(job with { Processed = progress.Sequence }, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
