using Chronology.Domain.Chronologies;
using JasperFx.Events.Daemon;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Worker.Jobs;

/// <summary>
/// With HotCold distribution one worker leads: it runs every projection agent. Jobs that touch the daemon (rebuilds,
/// recoveries) run on the leader only, so two workers never fight over a shard.
/// </summary>
public sealed class DaemonLeadership(IProjectionCoordinator coordinator)
{
    /// <summary>The daemon of the current chronology's database (each database has its own agents and its own leader).</summary>
    public IProjectionDaemon Daemon => ChronologyScope.IsDefault
        ? coordinator.DaemonForMainDatabase()
        // Static tenancy knows every database from the start: the lookup completes at once.
        : coordinator.DaemonForDatabase(ChronologyScope.Name).AsTask().GetAwaiter().GetResult();

    public bool IsLeader => Daemon.CurrentAgents().Count > 0;

    /// <summary>Hands a job that needs the daemon back to the queue when another worker leads (or none does yet).</summary>
    public void EnsureLeading(Guid job)
    {
        if (!IsLeader) throw new JobNotRunnableHere($"Job {job} needs the daemon's leader, and this worker does not lead.");
    }
}
