using Chronology.Domain.Chronologies;
using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Jobs;

/// <summary>
/// The projection agents Wolverine has given this worker. A job that acts on a projection (a rebuild, a retry or a
/// skip) runs on the worker that runs that projection's agent, through the agent, so that no second process ever
/// replays the same projection: a worker without the agent hands the job back to the queue, and it ends up on the
/// owner, at once through a hint (<see cref="JobHints"/>). (Wolverine's <c>InvokeOnAgentAsync</c> forwards the message to
/// the owner alone, which would run the job on its control endpoint, and the job would be lost with a worker dying before it
/// ran: the hint is that forward, with the queue's message kept as the job's carrier.)
/// </summary>
public sealed class ProjectionAgents(
    IWolverineRuntime runtime, IEventSubscriptionAgentFamily agents, StoreOptions options, ChronologyCatalogue chronologies, JobHints hints,
    ILogger<ProjectionAgents> logger)
{
    /// <summary>How often a rebuilt projection's agent is started again before its rebuild is reported failed.</summary>
    private const int StartAttempts = 5;

    private static readonly TimeSpan StartAgainAfter = TimeSpan.FromSeconds(1);

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
    /// This worker's agent of <paramref name="projection"/> in the current chronology's database; when another worker runs
    /// it, the job goes back to the queue and that worker gets a hint. With a database per chronology every database has an agent of the projection,
    /// found by the chronology's tenant (the default chronology's database is registered under its name); with one
    /// database there is one agent, and no tenant to give.
    /// </summary>
    public async Task<IEventSubscriptionAgent> Local(string projection, Guid job, Envelope envelope, CancellationToken cancellation)
    {
        var tenant = chronologies.IsSharded ? ChronologyScope.Name : null;
        var uri = await agents.FindAgentUriAsync(new ShardName(projection).Identity, tenant, cancellation)
            ?? throw new InvalidOperationException($"No projection {projection} is distributed.");
        if (runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(uri, out var agent)) return agent;
        if (!JobHints.IsHint(envelope)) await hints.SendToOwner(envelope, uri, cancellation);
        throw new JobNotRunnableHere($"Job {job} acts on {projection}, whose agent this worker does not run.");
    }

    /// <summary>
    /// Replays the projection through its agent, which then resumes live processing. Wolverine's sweep of local agents
    /// restarts one it finds stopped and not rebuilding, and between the end of the replay and the agent's own resume it
    /// finds just that: the two starts collide, and the resume throws a transient <see cref="ShardStartException"/>, the one
    /// exception a finished replay leaves (a failed replay rethrows its own). The replay is complete then, so the rebuild is
    /// too once the projection runs again, by the sweep's start or, as the exception advises, another.
    /// </summary>
    public async Task Rebuild(IEventSubscriptionAgent agent, CancellationToken cancellation)
    {
        try
        {
            await agent.RebuildAsync(cancellation);
        }
        catch (ShardStartException race) when (race.IsTransient)
        {
            logger.LogWarning(race, "The replay of {Agent} is complete but its agent did not resume; starting it again", agent.Uri);
            await RunAgain(agent.Uri, cancellation);
        }
    }

    private async Task RunAgain(Uri agent, CancellationToken cancellation)
    {
        for (var attempt = 0; !IsRunning(agent); attempt++)
        {
            if (attempt == StartAttempts) throw new InvalidOperationException($"The agent {agent} did not run again after its rebuild.");
            try
            {
                await runtime.Agents.StartLocallyAsync(agent);
            }
            catch (ShardStartException race) when (race.IsTransient)
            {
                logger.LogWarning(race, "Starting {Agent} again after its rebuild collided with another start; trying again", agent);
            }
            await Task.Delay(StartAgainAfter, cancellation);
        }
    }

    private bool IsRunning(Uri agent) =>
        runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(agent, out var running) && running.Status == AgentStatus.Running;
}
