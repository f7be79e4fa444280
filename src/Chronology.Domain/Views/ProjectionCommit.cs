using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

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

    /// <summary>
    /// Commits the batch only if its own statement moved the projection's stored position (Marten's, which moves it only from
    /// where this copy of the projection left it): the position's row then holds this transaction's version (xmin). Otherwise
    /// the batch fails as Marten fails a batch whose position another copy moved, and the projection is started again from the
    /// stored position (<c>ProgressionRaceRestarts</c>). Marten's own check reads the rows the batch's statements affected,
    /// counted together when none of them returns rows, and the statements of these projections (<see cref="DocumentRows"/>,
    /// the log's rows) return none: a batch that lost the race was committed with its rows and without its position (Marten
    /// only logs a warning, marten#5502), and its copy went on from a position never stored. Once the other copy stopped, the
    /// stored position never moved again under a running view (a CI run's fault suite: the log at 425 of 665 for a minute
    /// after a takeover).
    /// </summary>
    public static void OnlyWithItsPosition(IDocumentOperations operations, string projection) =>
        ((ITransactionParticipantRegistrar)operations).AddTransactionParticipant(
            new PositionCheck($"{operations.DocumentStore.Options.Events.DatabaseSchemaName}.mt_event_progression", new ShardName(projection)));

    private sealed class PositionCheck(string progression, ShardName shard) : ITransactionParticipant
    {
        public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
        {
            await using var movedHere = new NpgsqlCommand(
                $"select xmin = pg_current_xact_id()::xid from {progression} where name = @shard", connection, transaction);
            movedHere.Parameters.AddWithValue("shard", shard.Identity);
            if (await movedHere.ExecuteScalarAsync(token) is not true) throw new ProgressionProgressOutOfOrderException(shard);
        }
    }
}
