using Marten;

namespace Chronology.Domain.Views;

/// <summary>How a projection's batch is committed.</summary>
public static class ProjectionCommit
{
    /// <summary>
    /// The batch's commit does not wait for its WAL to reach the disk (PostgreSQL's asynchronous commit, for this transaction
    /// only). Nothing is lost that matters: the batch holds the view's rows and the projection's position together, so a
    /// server crash that loses them loses both, and the daemon folds the same events again from the position that survived.
    /// WAL is flushed in order, so any later synchronous commit (an edit, a job's status, the rebuild's sweep) makes every
    /// batch committed before it durable as well: only the last batches before a crash can be lost, never one that something
    /// durable followed. A reader may have seen a row that was lost; the same events fold into the same row again.
    /// A rebuild's batch is megabytes of WAL, and each waited for its flush before the next could be applied (bench/README.md,
    /// round 10 of the rebuild).
    /// </summary>
    public static void WithoutWaitingForTheDisk(IDocumentOperations operations) =>
        operations.QueueSqlCommand("set local synchronous_commit = off");
}
