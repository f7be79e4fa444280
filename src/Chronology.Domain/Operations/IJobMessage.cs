namespace Chronology.Domain.Operations;

/// <summary>
/// The message that has a worker run a job, published by the API in the transaction that stores the job's document
/// (Wolverine's outbox over Marten) to a PostgreSQL queue that only the workers listen to.
/// </summary>
public interface IJobMessage
{
    /// <summary>The PostgreSQL queue (Wolverine's table <c>wolverine_queue_jobs</c>) the workers take jobs from.</summary>
    const string Queue = "jobs";

    Guid JobId { get; }
}
