using JasperFx.Core;
using JasperFx.Events.Daemon;
using Wolverine;
using Wolverine.Transports.Tcp;

namespace Chronology.Worker.Cluster;

/// <summary>
/// How the workers share the projections: Wolverine's managed event-subscription distribution (durability mode
/// Balanced). The workers form one cluster of Wolverine nodes (their node tables sit in the store's schema); one of them
/// leads and spreads the projections' agents evenly over the live nodes, one node per projection, and gives a dead
/// node's agents to the others. Wolverine's defaults notice a dead node after a minute; the intervals here bring a
/// takeover after <c>kill -9</c> under 5 s (deploy/failover-check.sh measures it).
/// </summary>
public static class ProjectionDistribution
{
    /// <summary>
    /// Each node writes its heartbeat, and the leader checks the others' and evaluates the assignments, this often.
    /// A check is a few small statements; once a second costs nothing next to the projections' own polling.
    /// </summary>
    public static readonly TimeSpan HealthCheckEvery = 250.Milliseconds();

    /// <summary>
    /// A node whose heartbeat is this old is taken for dead and its agents go to the others at the next check. Three
    /// missed heartbeats: a worker busy with a rebuild or a GC pause still beats in time (the heartbeat has a timer of
    /// its own), and were one late anyway, Marten's progression check (each batch commits only if the shard's position
    /// is still the one it read) keeps two nodes from folding the same events twice.
    /// </summary>
    public static readonly TimeSpan StaleNodeAfter = 1.Seconds();

    /// <summary>
    /// Set <c>Cluster:LoopbackControl=true</c> when every worker runs on one machine (deploy/*.sh): the leader's agent
    /// commands then travel over Wolverine's TCP control endpoint on loopback instead of its database control queue.
    /// </summary>
    public const string LoopbackControlSetting = "Cluster:LoopbackControl";

    /// <summary>
    /// Set <c>Cluster:Workers</c> to the number of workers a deployment starts (deploy/*.sh set it): the leader then
    /// holds its first assignment until that many have joined, so every worker gets a share from the outset.
    /// </summary>
    public const string WorkersSetting = "Cluster:Workers";

    /// <summary>How long the first assignment waits for the expected workers, at most, before it assigns to those present.</summary>
    public static readonly TimeSpan WaitForWorkersAtMost = 10.Seconds();

    /// <summary>
    /// The longest a projection that stopped on a database failure waits for its next restart. Wolverine restarts it a
    /// health check after the failure and doubles the wait with every failure since it last ran for this long; its
    /// default ceiling is 5 minutes, to spare a starved connection pool. Here a view that waits is the failure users see:
    /// connections cut over and over for 40 s (a failover, a pooler's restarts) left one waiting 16 s for its seventh
    /// restart after they held again. A restart costs the worker a few small statements.
    /// </summary>
    public static readonly TimeSpan RestartAfterFailureAtMost = 5.Seconds();

    public static WolverineOptions DistributeProjections(this WolverineOptions options, IConfiguration configuration)
    {
        options.Durability.Mode = DurabilityMode.Balanced;
        // The leader starts a dead node's agents on a survivor by a request and its reply through each node's control
        // endpoint. Wolverine's default endpoint is a table that each node polls every second while busy and every 5 s
        // once idle for 10 s (hard-coded in 6.62), so a takeover by an idle worker waited up to 5 s for the request and
        // 1 s more for the reply; over TCP both arrive at once. The TCP endpoint listens on loopback only (its sender
        // dials loopback for "localhost"), so workers on several machines keep the database queue.
        if (configuration.GetValue<bool>(LoopbackControlSetting)) options.UseTcpForControlEndpoint();
        // The leader assigns on its first check to the nodes present then, and never moves a running agent to a node that
        // joins later while the others are within the ceiling: three workers started one after the other ended 2/2/0,
        // and the idle third took over a dead worker's projections cold (it had never run the daemon: some 3,000
        // methods compiled on the takeover's critical path, 2 s under load). Told how many workers to expect, the
        // leader's first assignment waits for them (Wolverine's settle period, ended as soon as they are all there;
        // a worker leaving never waits), so the four projections start 2/1/1 and a dead worker's go to warm workers.
        if (configuration.GetValue<int>(WorkersSetting) is > 1 and var workers)
        {
            options.Durability.AssignmentSettleNodeCount = workers;
            options.Durability.AssignmentSettlePeriod = WaitForWorkersAtMost;
            options.Durability.MaxAssignmentSettleTime = WaitForWorkersAtMost;
        }
        options.Durability.FirstHealthCheckExecution = 500.Milliseconds();
        options.Durability.HealthCheckPollingTime = HealthCheckEvery;
        options.Durability.StaleNodeTimeout = StaleNodeAfter;
        // The leader also compares every node's running agents with the assignments this often, restarting what
        // stopped; 30 s by default. Reassigning a dead node's agents does not wait for it (that is the health check).
        options.Durability.CheckAssignmentPeriod = 5.Seconds();
        options.Durability.TransientFailureRestartMaxBackoff = RestartAfterFailureAtMost;
        TransientFailures.AddClassifier(CancellationIsTransient);
        // Inbox messages (jobs) of a dead node go back to the queue soon after the node is found dead.
        options.Durability.NodeReassignmentPollingTime = 1.Seconds();
        options.Durability.OrphanedMessageSweepPollingTime = 1.Seconds();
        return options;
    }

    /// <summary>
    /// Wolverine restarts a projection that stopped on a failure JasperFx calls transient (<see cref="TransientFailures"/>:
    /// database faults, timeouts, I/O) and leaves any other stopped for good. A cancelled operation is not among them, yet
    /// connections cut over and over stopped the changes view on Npgsql's TaskCanceledException while it opened a new
    /// connection, never to restart. A cancellation is a matter of timing, never of the event being folded: restart it.
    /// </summary>
    private static bool? CancellationIsTransient(Exception exception) => exception is OperationCanceledException ? true : null;
}
