using JasperFx;
using JasperFx.Events.Daemon;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Cluster;

/// <summary>
/// Starts again a projection of this worker that stopped because its stored position moved underneath it (JasperFx's
/// <c>ProgressionProgressOutOfOrderException</c>): another worker ran the same projection for a moment. Workers that come
/// and go cause it: after a <c>kill -9</c>, the dead worker's projections were started on two survivors before the
/// assignments settled, one copy stopped on this, and the assignment then fell on that one (a CI run's fault suite). JasperFx
/// stops such a shard rather than pausing it, and Wolverine leaves it alone as "a failure it cannot recover from by
/// restarting", so the view stood still on a healthy cluster. A start reads the stored position again and goes on from
/// there; the projections fold each event in once by its sequence number, so what the other copy folded is not folded twice.
/// Should the other copy still run, the started one stops the same way and is started again at the next look, until
/// Wolverine has stopped the copy its assignments do not name.
/// </summary>
public sealed class ProgressionRaceRestarts(IWolverineRuntime runtime, ILogger<ProgressionRaceRestarts> logger) : BackgroundService
{
    /// <summary>How often the worker looks for such projections: a stopped view waits this long at most.</summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var agent in StoppedByAnotherCopy()) await StartAgain(agent, stoppingToken);
        }
    }

    /// <summary>
    /// The projection agents registered on this worker that stopped on a moved position. Read from Wolverine's registry of the
    /// node's agents: its list of running agents leaves the stopped ones out.
    /// </summary>
    private List<IEventSubscriptionAgent> StoppedByAnotherCopy() =>
        (runtime as WolverineRuntime)?.NodeController?.Agents.Values.OfType<IEventSubscriptionAgent>()
            .Where(agent => agent is { Status: AgentStatus.Stopped, IsRebuilding: false, Failure.Category: ShardFailureCategory.ProgressionOutOfOrder })
            .ToList() ?? [];

    private async Task StartAgain(IEventSubscriptionAgent agent, CancellationToken cancellation)
    {
        logger.LogWarning("{Agent} stopped because another worker moved its stored position (two copies ran); starting it again from there",
            agent.Uri);
        try
        {
            await agent.StartAsync(cancellation);
        }
        catch (Exception failure) when (!cancellation.IsCancellationRequested)
        {
            // Wolverine starting or stopping it at the same moment, PostgreSQL away: the next look sees how it ended. (An
            // exception let out of a hosted service would stop the worker.)
            logger.LogWarning(failure, "Starting {Agent} again failed; looking again in {Interval}", agent.Uri, LookEvery);
        }
    }
}
