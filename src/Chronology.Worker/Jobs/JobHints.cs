using Wolverine;
using Wolverine.Runtime;

namespace Chronology.Worker.Jobs;

/// <summary>
/// Brings a job that acts on a projection to the worker that runs the projection's agent at once. The job's message goes
/// to whichever worker polls the queue first; one without the agent hands it back to the queue, where it stays the job's
/// one durable carrier, and sends the agent's worker a hint: a copy of the message over that worker's control endpoint,
/// which starts the job there. Without hints the owner got the job only by winning the queue's polling race, and in a
/// cluster it lost that race for minutes (deploy/README.md, failover-check at 2a98c61). A hint need not be durable: lost,
/// or arriving where the job cannot run now (its agent moved on, another runner holds it), it is dropped, and the queue's
/// message carries the job on.
/// </summary>
public sealed class JobHints(IWolverineRuntime runtime, ILogger<JobHints> logger)
{
    private const string Header = "chronology-job-hint";
    private const string Sent = "sent";
    private const string OnLane = "lane";

    /// <summary>
    /// The hints' own lane on the owner. A hint arrives on the control endpoint, which (with the database control queue)
    /// handles the leader's agent commands one at a time: a rebuild of minutes must not hold them up.
    /// </summary>
    public static readonly Uri Lane = new("local://job-hints");

    public static bool IsHint(Envelope envelope) => envelope.Headers.ContainsKey(Header);

    /// <summary>Handles a job's message: as it comes from the queue; as a hint, on the hints' lane, dropped when the job cannot run here.</summary>
    public async Task Follow(Envelope envelope, Func<Task> handle)
    {
        if (!envelope.Headers.TryGetValue(Header, out var hint))
        {
            await handle();
            return;
        }
        if (hint != OnLane)
        {
            await new MessageBus(runtime).EndpointFor(Lane).SendAsync(envelope.Message!, Delivery(envelope.TenantId, OnLane));
            return;
        }
        try
        {
            await handle();
        }
        catch (JobNotRunnableHere notNow)
        {
            logger.LogDebug("A hint for a job was dropped, the queue's message carries it on: {Reason}", notNow.Message);
        }
    }

    /// <summary>Sends the job's message as a hint to the worker the node table names as running <paramref name="agent"/>, if there is one.</summary>
    public async Task SendToOwner(Envelope envelope, Uri agent, CancellationToken cancellation)
    {
        var owner = (await runtime.Storage.Nodes.LoadAllNodesAsync(cancellation))
            .FirstOrDefault(node => node.NodeId != runtime.Options.UniqueNodeId && node.ActiveAgents.Contains(agent));
        if (owner?.ControlUri is null)
        {
            logger.LogInformation("No worker runs {Agent} now: the job waits in the queue for one", agent);
            return;
        }
        await new MessageBus(runtime).EndpointFor(owner.ControlUri).SendAsync(envelope.Message!, Delivery(envelope.TenantId, Sent));
        logger.LogInformation("Hint for {Message} sent to worker {Node}, which runs {Agent}", envelope.Message, owner.AssignedNodeNumber, agent);
    }

    private static DeliveryOptions Delivery(string? tenant, string hint)
    {
        var delivery = new DeliveryOptions { TenantId = tenant };
        delivery.Headers[Header] = hint;
        return delivery;
    }
}
