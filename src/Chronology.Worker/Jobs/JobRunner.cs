using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Chronology.Worker.Jobs;

/// <summary>
/// The life of every job on the worker: take the job's lock (so it has one runner at a time, whatever the messaging
/// redelivers), pass over a job already finished (a message delivered again after its job ended), check that it can run
/// on this worker (or hand it back to the queue, still queued), mark it running, do the work, and record done or failed. A job cut short (the worker killed, PostgreSQL gone) stays running until its
/// message is delivered again, to this worker or another, which then runs it again from its document.
/// </summary>
public sealed class JobRunner(IDocumentStore store, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Our key space for pg_try_advisory_lock(int, int), apart from Marten's single-key locks.</summary>
    private const int LockSpace = 0x4A4F4253;

    public async Task Run<TJob>(Guid id, Func<TJob, CancellationToken, Task<TJob>> work, CancellationToken cancellation)
        where TJob : class, IJob<TJob> =>
        await Run(id, (_, _) => Task.CompletedTask, work, cancellation);

    /// <param name="runnableHere">Throws <see cref="JobNotRunnableHere"/> when another worker must run the job.</param>
    public async Task Run<TJob>(
        Guid id, Func<TJob, CancellationToken, Task> runnableHere, Func<TJob, CancellationToken, Task<TJob>> work, CancellationToken cancellation)
        where TJob : class, IJob<TJob>
    {
        try
        {
            await RunOnce(id, runnableHere, work, cancellation);
        }
        // Wolverine retries the message and logs its failures at debug level only (JobMessaging): say it here.
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            logger.LogWarning(e, "{Job} {Id} stopped, PostgreSQL being away; its message is delivered again", typeof(TJob).Name, id);
            throw;
        }
    }

    private async Task RunOnce<TJob>(
        Guid id, Func<TJob, CancellationToken, Task> runnableHere, Func<TJob, CancellationToken, Task<TJob>> work, CancellationToken cancellation)
        where TJob : class, IJob<TJob>
    {
        await using var held = await Lock(id, cancellation)
            ?? throw new JobNotRunnableHere($"Job {id} is being run by another worker.");
        TJob job;
        await using (var session = store.ChronologyQuery())
            job = await session.LoadAsync<TJob>(id, cancellation) ?? throw new InvalidOperationException($"No {typeof(TJob).Name} {id}.");
        if (job.Finished)
        {
            logger.LogInformation("{Job} {Id} was delivered again after it finished; nothing to do", typeof(TJob).Name, id);
            return;
        }

        await runnableHere(job, cancellation);
        await Save(job = job.Running(), cancellation);
        try
        {
            job = (await work(job, cancellation)).Done(clock.GetUtcNow());
        }
        // PostgreSQL going away is not the job's failure: the message is delivered again and the job runs again.
        catch (Exception e) when (e is not (OperationCanceledException or JobNotRunnableHere) && !TransientFailures.IsTransient(e))
        {
            logger.LogError(e, "{Job} {Id} failed", typeof(TJob).Name, id);
            job = job.Failed(e.Message, clock.GetUtcNow());
        }
        await Save(job, cancellation);
    }

    /// <summary>Stores a job's document as it stands, so its status URL shows the progress.</summary>
    public async Task Save<TJob>(TJob job, CancellationToken cancellation) where TJob : notnull
    {
        await using var session = store.ChronologySession();
        session.Store(job);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>
    /// A session-level advisory lock on a connection of its own, held while the job runs: PostgreSQL lets it go when the
    /// connection closes, also when the worker is killed, so a job whose runner died can be taken at once.
    /// </summary>
    private async Task<HeldLock?> Lock(Guid id, CancellationToken cancellation)
    {
        var connection = store.ChronologyDatabase().CreateConnection();
        await connection.OpenAsync(cancellation);
        var held = new HeldLock(connection, id.GetHashCode());
        if (await held.Execute("select pg_try_advisory_lock(@space, @key)", cancellation) is true) return held;
        await connection.DisposeAsync();
        return null;
    }

    private sealed class HeldLock(NpgsqlConnection connection, int key) : IAsyncDisposable
    {
        public async Task<object?> Execute(string sql, CancellationToken cancellation)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("key", key);
            return await command.ExecuteScalarAsync(cancellation);
        }

        /// <summary>Unlocked explicitly: pooled connections are not reset when returned (NoResetOnClose), so the lock would outlive the job.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await Execute("select pg_advisory_unlock(@space, @key)", CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
