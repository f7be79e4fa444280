using JasperFx.Events.Daemon;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Worker.Jobs;

/// <summary>
/// With HotCold distribution one worker leads: it runs every projection agent. Jobs that touch the daemon (rebuilds,
/// recoveries) run on the leader only, so two workers never fight over a shard.
/// </summary>
public sealed class DaemonLeadership(IProjectionCoordinator coordinator)
{
    public IProjectionDaemon Daemon => coordinator.DaemonForMainDatabase();

    public bool IsLeader => Daemon.CurrentAgents().Count > 0;

    /// <summary>Hands a job that needs the daemon back to the queue when another worker leads (or none does yet).</summary>
    public void EnsureLeading(Guid job)
    {
        if (!IsLeader) throw new JobNotRunnableHere($"Job {job} needs the daemon's leader, and this worker does not lead.");
    }
}
