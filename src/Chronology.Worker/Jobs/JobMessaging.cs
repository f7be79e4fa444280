using Chronology.Domain.Operations;
using JasperFx.Core;
using JasperFx.Events.Daemon;
using Wolverine;
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
    public static WolverineOptions RunJobs(this WolverineOptions options)
    {
        options.ListenToPostgresqlQueue(IJobMessage.Queue).PollingInterval(500.Milliseconds()).Sequential();
        // A skip queues the rebuilds and retries it needs.
        options.PublishMessage<RebuildProjection>().ToPostgresqlQueue(IJobMessage.Queue);
        options.PublishMessage<RecoverProjection>().ToPostgresqlQueue(IJobMessage.Queue);

        // Not runnable here (another runner holds the job, or another worker runs the projection it acts on), or PostgreSQL away: back to
        // the queue's scheduled table, for whichever worker polls it next.
        options.OnException<JobNotRunnableHere>().ScheduleRetryIndefinitely(1.Seconds());
        options.OnException(TransientFailures.IsTransient).ScheduleRetryIndefinitely(1.Seconds(), 2.Seconds(), 5.Seconds());
        // A job of a killed worker moves on once the worker is found dead (ProjectionDistribution: seconds, not Wolverine's
        // default of over a minute); were a live worker taken for dead, the job's lock keeps a second runner out.
        options.Durability.ScheduledJobPollingTime = 1.Seconds();
        return options;
    }
}
