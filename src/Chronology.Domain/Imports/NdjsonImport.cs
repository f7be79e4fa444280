using Chronology.Domain.Chronologies;
using Chronology.Domain.Telemetry;
using System.Diagnostics;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Exceptions;
using Marten.Services;
using Npgsql;

namespace Chronology.Domain.Imports;

/// <summary>
/// Imports NDJSON edit commands in bulk with the rules of the HTTP API. The lines stream through in chunks (a file of any
/// size is never held whole); each chunk is decided in memory with the same decisions as a single command, every line
/// accepted or refused and reported with its number, and stored in one transaction with its lines' receipts. A line's
/// <c>key</c> makes it idempotent: importing the same file again adds nothing, and an import cut short and run again
/// passes over the chunks it committed.
/// </summary>
public sealed class NdjsonImport(IDocumentStore store, TimeProvider clock, int chunkLines = NdjsonImport.ChunkLines)
{
    public const string IdempotencyScope = "import";

    /// <summary>
    /// Lines decided and committed together: large enough that a chunk's few queries and one commit cost little per
    /// line, small enough that a chunk holds its records' locks for a fraction of a second and its memory stays small.
    /// </summary>
    public const int ChunkLines = 4000;

    /// <summary>The refused lines kept with their numbers (all are counted).</summary>
    public const int KeptErrors = 1000;

    /// <summary>Names remembered across chunks before the cache starts over (each later chunk reads what it misses).</summary>
    private const int KeptNames = 200_000;

    /// <summary>How often a chunk that lost a race (another import of the same keys, a deadlock, PostgreSQL away) is tried again.</summary>
    private const int Attempts = 8;

    /// <summary>Runs an uploaded import: its lines from its parts (or, queued before parts existed, from its content).</summary>
    public Task<ImportProgress> Run(ImportJob job, Func<ImportProgress, Task> report, CancellationToken cancellation)
    {
        var importer = new Importer(job.RequestedBy, job.RequestedByAdmin);
        return job.Parts > 0
            ? Run(ImportParts.Lines(store, job, cancellation), job.Lines, importer, $"import:{job.Id}", report, cancellation)
            : Run(job.Content, importer, $"import:{job.Id}", report, cancellation);
    }

    public Task<ImportProgress> Run(
        string content, Importer importer, string correlationId, Func<ImportProgress, Task> report, CancellationToken cancellation) =>
        Run(NdjsonLines.Read(new StringReader(content), cancellation: cancellation), content.Split('\n').Count(line => line.Trim().Length > 0),
            importer, correlationId, report, cancellation);

    public async Task<ImportProgress> Run(
        IAsyncEnumerable<NumberedLine> lines, int total, Importer importer, string correlationId, Func<ImportProgress, Task> report,
        CancellationToken cancellation)
    {
        var progress = ImportProgress.Start(total);
        var errors = new List<ImportError>();
        var names = new Dictionary<string, Guid>();
        var elapsed = Stopwatch.StartNew();
        // A pipeline of two chunks: while chunk n is stored and committed, chunk n+1 is prepared (parsed, hashed, its commands
        // read) and decided in a transaction of its own. Its decisions need none of n's rows unless its lines use a name or a
        // key n stores (then it waits for n's commit first, ImportChunk.Reads) or a record n writes (then its lock waits for
        // n's); it is stored only after n committed, so the chunks commit in file order and an interrupted import resumes
        // after the last one committed.
        OpenChunk? decided = null;
        try
        {
            await foreach (var batch in Chunks(lines.NonBlank(cancellation), chunkLines, cancellation))
            {
                var prepared = Task.Run(() => PreparedLine.Prepare(batch), cancellation);
                if (decided is null)
                {
                    decided = await Decided(batch, await prepared, earlier: null, Task.CompletedTask);
                    Remember(decided.Chunk);
                    continue;
                }
                var committing = Commit(decided, cancellation);
                OpenChunk next;
                try
                {
                    next = await Decided(batch, await prepared, decided.Chunk, committing);
                }
                catch
                {
                    // Failing for good, not before the chunk being committed has its outcome.
                    await Task.WhenAny(committing);
                    throw;
                }
                bool lost;
                try
                {
                    lost = await LostRace(committing);
                }
                catch
                {
                    await next.DisposeAsync();
                    throw;
                }
                if (lost)
                {
                    // Chunk n is decided again from the start once n+1 let go of its locks; n+1 then follows it, its item
                    // ids drawn afresh after n's so that they keep the file's order.
                    await next.DisposeAsync();
                    decided = await Rewritten(decided);
                    next = await Decided(batch, PreparedLine.Prepare(batch), earlier: null, Task.CompletedTask);
                }
                await Report(decided);
                await decided.DisposeAsync();
                decided = next;
                Remember(decided.Chunk);
            }
            if (decided is not null)
            {
                if (await LostRace(Commit(decided, cancellation))) decided = await Rewritten(decided);
                await Report(decided);
            }
        }
        finally
        {
            if (decided is not null) await decided.DisposeAsync();
        }
        return progress;

        // Whether a commit lost a race (another import of the same keys, a deadlock, PostgreSQL away); other failures end the import.
        static async Task<bool> LostRace(Task committing)
        {
            try
            {
                await committing;
                return false;
            }
            catch (Exception e) when (Retryable(e))
            {
                return true;
            }
        }

        // A chunk whose commit lost a race, decided and committed again on its own (the receipts of whatever committed
        // meanwhile turn its lines into replays).
        async Task<OpenChunk> Rewritten(OpenChunk failed)
        {
            names.Clear();
            await failed.DisposeAsync();
            for (var attempt = 2; ; attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt - 1)), clock, cancellation);
                var open = await Decided(failed.Lines, PreparedLine.Prepare(failed.Lines), earlier: null, Task.CompletedTask);
                var committing = Commit(open, cancellation);
                if (attempt == Attempts) await committing;
                else if (await LostRace(committing)) continue;
                return open;
            }
        }

        // The names a decided chunk stores, for the chunks after it (a cache: what it misses is read from the database).
        void Remember(ImportChunk chunk)
        {
            if (names.Count > KeptNames) names.Clear();
            foreach (var name in chunk.NewNames) names[name.Id] = name.Value;
        }

        Task<OpenChunk> Decided(IReadOnlyList<NumberedLine> chunk, List<PreparedLine> prepared, ImportChunk? earlier, Task earlierCommitted) =>
            Decide(chunk, prepared, importer, correlationId, names, earlier, earlierCommitted, cancellation);

        async Task Report(OpenChunk committed)
        {
            var written = committed.Chunk;
            errors.AddRange(written.Errors.Take(KeptErrors - errors.Count));
            var done = progress.Done + committed.Lines.Count;
            progress = progress with
            {
                Done = done,
                Imported = progress.Imported + written.Imported,
                Skipped = progress.Skipped + written.Skipped,
                Errors = errors.ToList(),
                ErrorCount = progress.ErrorCount + written.Errors.Count,
                Records = progress.Records + written.RecordsCreated,
                Events = progress.Events + written.Events,
                LinesPerSecond = Math.Round(done / Math.Max(elapsed.Elapsed.TotalSeconds, 0.001), 1),
            };
            await report(progress);
        }
    }

    /// <summary>A chunk decided in its own transaction (holding the locks of the records it names), not yet committed.</summary>
    private sealed class OpenChunk(IReadOnlyList<NumberedLine> lines, ImportChunk chunk, NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession session)
        : IAsyncDisposable
    {
        public IReadOnlyList<NumberedLine> Lines { get; } = lines;

        public ImportChunk Chunk { get; } = chunk;

        public NpgsqlTransaction Transaction { get; } = transaction;

        public IDocumentSession Session { get; } = session;

        private bool disposed;

        public async ValueTask DisposeAsync()
        {
            if (disposed) return;
            disposed = true;
            await Session.DisposeAsync();
            await Transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Decides a chunk in a transaction of its own, once <paramref name="earlierCommitted"/> if its lines read what the chunk
    /// before it stores; decided again (from lines prepared afresh) after a lost race.
    /// </summary>
    private async Task<OpenChunk> Decide(
        IReadOnlyList<NumberedLine> lines, List<PreparedLine> prepared, Importer importer, string correlationId,
        IReadOnlyDictionary<string, Guid> names, ImportChunk? earlier, Task earlierCommitted, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A failed attempt sealed the personal values of the commands it read: the next one reads them again.
            if (attempt > 1) prepared = PreparedLine.Prepare(lines);
            var chunk = new ImportChunk(prepared, importer, correlationId, names, clock.GetUtcNow());
            if (earlier is not null && chunk.Reads(earlier))
                // Whether the earlier chunk committed or failed (and is decided again before this one), this one waits.
                await Task.WhenAny(earlierCommitted);
            // The chunk writes its rows itself (by COPY, see ChunkRows), so the transaction is ours, not a session's: the
            // session only reads, enlisted in it.
            var connection = store.ChronologyDatabase().CreateConnection();
            OpenChunk? open = null;
            try
            {
                await connection.OpenAsync(cancellation);
                var transaction = await connection.BeginTransactionAsync(cancellation);
                var options = SessionOptions.ForTransaction(transaction);
                options.TenantId = ChronologyScope.TenantId;
                open = new OpenChunk(lines, chunk, connection, transaction, store.LightweightSession(options));
                await chunk.Decide(open.Session, cancellation);
                return open;
            }
            catch (Exception e) when (attempt < Attempts && Retryable(e))
            {
                await Dispose(open, connection);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), clock, cancellation);
            }
            catch
            {
                await Dispose(open, connection);
                throw;
            }
        }

        static async Task Dispose(OpenChunk? open, NpgsqlConnection connection)
        {
            if (open is not null) await open.DisposeAsync();
            else await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Stores a decided chunk and commits it; the caller disposes it. A chunk that fails lets go of its locks at once: the
    /// chunk decided meanwhile may be waiting for them.
    /// </summary>
    private async Task Commit(OpenChunk decided, CancellationToken cancellation)
    {
        try
        {
            await decided.Chunk.Store(cancellation);
            // Never cancelled once sent, as on the single-command path: the chunk commits whole or leaves nothing.
            await decided.Transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            await decided.DisposeAsync();
            throw;
        }
        EditMetrics.Committed(store, decided.Chunk.RecordsCreated, decided.Chunk.Revisions);
    }

    private static bool Retryable(Exception e) =>
        e is JasperFx.ConcurrencyException or DocumentAlreadyExistsException or ExistingStreamIdCollisionException
        || TransientFailures.IsTransient(e)
        || Unwrapped(e).OfType<PostgresException>().Any(p => p.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation);

    private static IEnumerable<Exception> Unwrapped(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    private static async IAsyncEnumerable<IReadOnlyList<NumberedLine>> Chunks(
        IAsyncEnumerable<NumberedLine> lines, int size, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var chunk = new List<NumberedLine>(size);
        await foreach (var line in lines.WithCancellation(cancellation))
        {
            chunk.Add(line);
            if (chunk.Count < size) continue;
            yield return chunk;
            chunk = new List<NumberedLine>(size);
        }
        if (chunk.Count > 0) yield return chunk;
    }
}
