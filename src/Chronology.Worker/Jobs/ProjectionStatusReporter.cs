using Chronology.Domain.Operations;
using Marten;

namespace Chronology.Worker.Jobs;

/// <summary>The leader writes each projection agent's state (running, paused, stopped) for the API's admin view.</summary>
public sealed class ProjectionStatusReporter(IDocumentStore store, StoreOptions options, DaemonLeadership leadership, ILogger<ProjectionStatusReporter> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (leadership.IsLeader) await Report(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reporting projection status failed");
            }
            await Task.Delay(Interval, stopping);
        }
    }

    private async Task Report(CancellationToken stopping)
    {
        var daemon = leadership.Daemon;
        var now = DateTimeOffset.UtcNow;
        await using var session = store.LightweightSession();
        foreach (var shard in options.Projections.AllShards())
        {
            var identity = shard.Name.Identity;
            var state = daemon.StatusFor(identity).ToString().ToLowerInvariant();
            session.Store(new ProjectionStatus(identity, state, leadership.Node, now));
        }
        await session.SaveChangesAsync(stopping);
    }
}
