using JasperFx.Events.Daemon;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Worker.Jobs;

/// <summary>
/// With HotCold distribution one worker leads: it runs every projection agent. Background work that touches
/// the daemon (rebuilds, status reports) happens on the leader only, so two workers never fight over a shard.
/// </summary>
public sealed class DaemonLeadership(IProjectionCoordinator coordinator)
{
    public IProjectionDaemon Daemon => coordinator.DaemonForMainDatabase();

    public bool IsLeader => Daemon.CurrentAgents().Count > 0;

    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
