using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Chronology.Api.Jobs;

/// <summary>
/// Queues a background job: its status document and the message that has a worker run it are stored in one transaction
/// (Wolverine's outbox over Marten), then the message moves on to the workers' PostgreSQL queue. The API only publishes:
/// it listens to no queue, so it never runs a job. Answers 202 with the status URL and the job's status as it stands.
/// </summary>
public sealed class JobQueue(IDocumentStore store, IWolverineRuntime messaging)
{
    public async Task<Accepted<TStatus>> Queue<TJob, TStatus>(TJob job, IJobMessage message, string statusUrl, Func<TJob, TStatus> status)
        where TJob : IJob<TJob>
    {
        await using var session = store.ChronologySession();
        var outbox = new MartenOutbox(messaging, session) { TenantId = ChronologyScope.EnvelopeTenantId };
        session.Store(job);
        await outbox.PublishAsync(message);
        // Once accepted the job is stored whole, whether or not the client waits for the answer.
        await session.SaveChangesAsync(CancellationToken.None);
        return TypedResults.Accepted(statusUrl, status(job));
    }
}
