using Chronology.Domain.Chronologies;
using JasperFx.Events.Projections;
using Marten;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Jobs;

/// <summary>
/// The projection agents Wolverine has given this worker. A job that acts on a projection (a rebuild, a retry or a
/// skip) runs on the worker that runs that projection's agent, through the agent, so that no second process ever
/// replays the same projection: a worker without the agent hands the job back to the queue, and it ends up on the
/// owner. (Wolverine's <c>InvokeOnAgentOrForwardAsync</c> would forward the message to the owner's control queue
/// instead, but that queue is held in memory and handles one message at a time: a rebuild of minutes would stall the
/// agent commands the leader sends that worker, and a worker dying would lose the job.)
/// </summary>
public sealed class ProjectionAgents(IWolverineRuntime runtime, IEventSubscriptionAgentFamily agents, StoreOptions options, ChronologyCatalogue chronologies)
{
    /// <summary>The projections whose agents run here.</summary>
    public IReadOnlyList<string> Running
    {
        get
        {
            var running = runtime.Agents.AllRunningAgentUris().Where(uri => uri.Scheme == EventSubscriptionAgentFamily.SchemeName).ToList();
            return options.Projections.AllShards()
                .Where(shard => running.Any(uri => uri.AbsolutePath.EndsWith("/" + shard.Name.RelativeUrl, StringComparison.OrdinalIgnoreCase)))
                .Select(shard => shard.Name.Name)
                .ToList();
        }
    }

    /// <summary>
    /// This worker's agent of <paramref name="projection"/> in the current chronology's database; the job goes back to the
    /// queue when another worker runs it. With a database per chronology every database has an agent of the projection,
    /// found by the chronology's tenant (the default chronology's database is registered under its name); with one
    /// database there is one agent, and no tenant to give.
    /// </summary>
    public async Task<IEventSubscriptionAgent> Local(string projection, Guid job, CancellationToken cancellation)
    {
        var tenant = chronologies.IsSharded ? ChronologyScope.Name : null;
        var uri = await agents.FindAgentUriAsync(new ShardName(projection).Identity, tenant, cancellation)
            ?? throw new InvalidOperationException($"No projection {projection} is distributed.");
        return runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(uri, out var agent)
            ? agent
            : throw new JobNotRunnableHere($"Job {job} acts on {projection}, whose agent this worker does not run.");
    }
}
