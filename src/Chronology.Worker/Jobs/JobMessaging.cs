using Chronology.Domain.Operations;
using JasperFx.Core;
using JasperFx.Events.Daemon;
using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Runtime.Handlers;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;

namespace Chronology.Worker.Jobs;

/// <summary>
/// How the workers take jobs: from the PostgreSQL queue the API publishes to (<see cref="IJobMessage.Queue"/>), through
/// Wolverine's durable inbox. Every worker listens and each message goes to one of them; while it runs, the message sits
/// in the inbox owned by that worker's node, so a worker killed mid-job leaves it there, and once Wolverine finds the
/// node gone (no heartbeat for <see cref="Cluster.ProjectionDistribution.StaleNodeAfter"/>) it releases the message to a live
/// worker, which runs the job again.
/// </summary>
public static class JobMessaging
{
    /// <summary>The delays before a job's message is tried again, the last one repeated for as long as it takes.</summary>
    private static readonly TimeSpan[] Backoff = [1.Seconds(), 2.Seconds(), 5.Seconds()];

    public static WolverineOptions RunJobs(this WolverineOptions options)
    {
        options.ListenToPostgresqlQueue(IJobMessage.Queue).PollingInterval(500.Milliseconds()).Sequential();
        options.LocalQueue(JobHints.Lane.Host).Sequential();
        // A skip queues the rebuilds and retries it needs.
        options.PublishMessage<RebuildProjection>().ToPostgresqlQueue(IJobMessage.Queue);
        options.PublishMessage<RecoverProjection>().ToPostgresqlQueue(IJobMessage.Queue);

        // Not runnable here (another runner holds the job, or another worker runs the projection it acts on), or PostgreSQL away: back to
        // the queue's scheduled table, for whichever worker polls it next. The delay is drawn at random: with a fixed one every
        // worker's polling fell into the same order each time, and a rebuild went back and forth 80 times in two minutes between
        // the two workers not running its projection (deploy/README.md, failover-check at 2a98c61). It grows to 5 s because the
        // owner has the job at once through a hint (JobHints): the queue's message then only waits to find the job done, and
        // a rebuild of minutes should not send it round every second.
        options.OnException<JobNotRunnableHere>().ScheduleRetryIndefinitely(Backoff).WithFullJitter();
        options.OnException(TransientFailures.IsTransient).ScheduleRetryIndefinitely(Backoff);
        // A job of a killed worker moves on once the worker is found dead (ProjectionDistribution: seconds, not Wolverine's
        // default of over a minute); were a live worker taken for dead, the job's lock keeps a second runner out.
        options.Durability.ScheduledJobPollingTime = 1.Seconds();
        options.Policies.Add(new JobsRunToTheirEnd());
        return options;
    }

    /// <summary>
    /// How Wolverine runs a job's handler. Wolverine cancels a handler after 60 s by default: an import or a rebuild would
    /// stop mid-way under load, its job left running until someone queued it again. A job runs as long as it needs, up to
    /// <see cref="Longest"/>; its lock and its document make the run that follows a worker's death safe. And Wolverine logs
    /// every failed attempt as an error: a job's handler fails only to go back to the queue (<see cref="JobNotRunnableHere"/>,
    /// every few seconds for as long as a rebuild runs elsewhere, or PostgreSQL away, which <see cref="JobRunner"/> reports
    /// itself); a job's own failure is recorded and logged by <see cref="JobRunner"/> and never reaches Wolverine.
    /// </summary>
    private sealed class JobsRunToTheirEnd : IHandlerPolicy
    {
        private static readonly int Longest = (int)TimeSpan.FromHours(2).TotalSeconds;

        public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(chain => chain.MessageType.IsAssignableTo(typeof(IJobMessage))))
            {
                chain.ExecutionTimeoutInSeconds = Longest;
                chain.FailureLogLevel = LogLevel.Debug;
            }
        }
    }
}
