using Marten;

namespace Chronology.Worker.Cluster;

/// <summary>
/// Runs once at start, before the worker joins the cluster (it is registered before Wolverine's own hosted service), the
/// first steps of a takeover: building a projection daemon (Marten checks the event tables and loads the daemon's
/// types) and reading the latest events (the event types' deserializers), with a pooled connection opened on the way.
/// A worker that runs no projection yet is the one that takes over when another fails, and its first daemon start was
/// part of that takeover. It cannot warm the projections' own batches (that would project), and on a fresh database
/// there are no events to read yet. The daemon built here is thrown away unstarted: Wolverine builds the one that runs
/// the agents, and no projection's progress is touched.
/// </summary>
public sealed class WarmStart(IDocumentStore store, ILogger<WarmStart> logger) : IHostedService
{
    /// <summary>As many events as a projection's first batch would read at most.</summary>
    private const int RecentEvents = 500;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            using (await store.BuildProjectionDaemonAsync())
            {
            }
            await using var session = store.QuerySession();
            var events = await session.Events.QueryAllRawEvents()
                .OrderByDescending(stored => stored.Sequence)
                .Take(RecentEvents)
                .ToListAsync(cancellationToken);
            logger.LogInformation("Warmed up for a takeover in {Elapsed} (a projection daemon built, {Events} recent events read)",
                TimeProvider.System.GetElapsedTime(started), events.Count);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Only a cold start to come, never a worker that does not start.
            logger.LogWarning(failure, "Could not warm up for a takeover; the first projection started here starts cold");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
