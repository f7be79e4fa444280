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
public sealed class ProgressionRaceRestarts(IWolverineRuntime runtime, EventSubscriptionAgentFamily projections, ILogger<ProgressionRaceRestarts> logger)
    : BackgroundService
{
    /// <summary>How often the worker looks for such projections: a stopped view waits this long at most.</summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var agent in await StoppedByAnotherCopy()) await StartAgain(agent, stoppingToken);
        }
    }

    /// <summary>
    /// Every projection agent registered on this worker, stopped ones too (Wolverine's list of running agents leaves those
    /// out), that stopped on a moved position.
    /// </summary>
    private async Task<List<IEventSubscriptionAgent>> StoppedByAnotherCopy() =>
        (await projections.AllKnownAgentsAsync())
            .Select(uri => runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(uri, out var agent) ? agent : null)
            .OfType<IEventSubscriptionAgent>()
            .Where(agent => agent is { Status: AgentStatus.Stopped, IsRebuilding: false, Failure.Category: ShardFailureCategory.ProgressionOutOfOrder })
            .ToList();

    private async Task StartAgain(IEventSubscriptionAgent agent, CancellationToken cancellation)
    {
        logger.LogWarning("{Agent} stopped because another worker moved its stored position (two copies ran); starting it again from there",
            agent.Uri);
        try
        {
            await agent.StartAsync(cancellation);
        }
        catch (ShardStartException race) when (race.IsTransient)
        {
            // Wolverine was starting or stopping it at the same moment: the next look sees how it ended.
            logger.LogWarning(race, "Starting {Agent} again collided with another start or stop; looking again in {Interval}", agent.Uri, LookEvery);
        }
    }
}
