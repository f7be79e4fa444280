using Chronology.Domain.Imports;
using Chronology.Domain.Operations;
using Marten;
using Wolverine;

namespace Chronology.Worker.Jobs;

/// <summary>
/// Picks up work the API stored in PostgreSQL (never handed over in memory) and runs it through the
/// Wolverine handlers. Only the daemon's leader polls, so each job runs once. Jobs run one after another, so at the
/// start of a round no job of this worker is running: one still marked running was interrupted (PostgreSQL went away
/// under it) and is queued again, and so are those of a leader that died, once this worker takes over.
/// </summary>
public sealed class JobPoller(IDocumentStore store, DaemonLeadership leadership, IServiceProvider services, ILogger<JobPoller> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var wasLeader = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var isLeader = leadership.IsLeader;
                if (isLeader)
                {
                    await RequeueInterrupted(everyLeader: !wasLeader, stopping);
                    wasLeader = true;
                    await RunQueued(stopping);
                }
                else wasLeader = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Running background jobs failed");
            }
            await Task.Delay(Interval, stopping);
        }
    }

    private async Task RunQueued(CancellationToken stopping)
    {
        await using var session = store.LightweightSession();
        var recoveries = await session.Query<ProjectionRecovery>().Where(job => job.State == JobState.Queued).OrderBy(job => job.RequestedAt).ToListAsync(stopping);
        var rebuilds = await session.Query<RebuildJob>().Where(job => job.State == JobState.Queued).OrderBy(job => job.RequestedAt).ToListAsync(stopping);
        var imports = await session.Query<ImportJob>().Where(job => job.State == JobState.Queued).OrderBy(job => job.RequestedAt).ToListAsync(stopping);
        foreach (var job in recoveries) session.Store(job with { State = JobState.Running, ClaimedBy = leadership.Node });
        foreach (var job in rebuilds) session.Store(job with { State = JobState.Running, ClaimedBy = leadership.Node });
        foreach (var job in imports) session.Store(job with { State = JobState.Running, ClaimedBy = leadership.Node });
        await session.SaveChangesAsync(stopping);

        // Recoveries first: a skip queues the rebuilds it needs, which the next round picks up.
        foreach (var job in recoveries)
        {
            logger.LogInformation("{Action} of projection {Projection} for {Admin} (job {Job})", job.Action, job.Projection, job.RequestedBy, job.Id);
            await Invoke(new RecoverProjection(job.Id), stopping);
        }

        foreach (var job in rebuilds)
        {
            logger.LogInformation("Rebuilding projection {Projection} (job {Job})", job.Projection, job.Id);
            await Invoke(new RebuildProjection(job.Id), stopping);
        }
        foreach (var job in imports)
        {
            logger.LogInformation("Importing {Lines} lines for {Principal} (job {Job})", job.Lines, job.RequestedBy, job.Id);
            await Invoke(new RunImport(job.Id), stopping);
        }
    }

    private async Task Invoke(object message, CancellationToken stopping)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message, stopping, Timeout.InfiniteTimeSpan);
    }

    private async Task RequeueInterrupted(bool everyLeader, CancellationToken stopping)
    {
        bool Interrupted(string? claimedBy) => everyLeader || claimedBy == leadership.Node;
        await using var session = store.LightweightSession();
        foreach (var job in (await session.Query<ProjectionRecovery>().Where(job => job.State == JobState.Running).ToListAsync(stopping)).Where(job => Interrupted(job.ClaimedBy)))
            session.Store(job with { State = JobState.Queued, ClaimedBy = null });
        foreach (var job in (await session.Query<RebuildJob>().Where(job => job.State == JobState.Running).ToListAsync(stopping)).Where(job => Interrupted(job.ClaimedBy)))
            session.Store(job with { State = JobState.Queued, ClaimedBy = null });
        // Lines an import already stored are skipped by their keys when it runs again.
        foreach (var job in (await session.Query<ImportJob>().Where(job => job.State == JobState.Running).ToListAsync(stopping)).Where(job => Interrupted(job.ClaimedBy)))
            session.Store(job with { State = JobState.Queued, ClaimedBy = null });
        await session.SaveChangesAsync(stopping);
    }
}
