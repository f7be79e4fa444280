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
        // A chunk is prepared (parsed, hashed, its commands read) on another thread while the one before it is decided and
        // written: its decisions still wait for that chunk's commit, whose names and states they read.
        (IReadOnlyList<NumberedLine> Lines, Task<List<PreparedLine>> Prepared)? pending = null;
        await foreach (var chunk in Chunks(lines.NonBlank(cancellation), chunkLines, cancellation))
        {
            var prepared = Task.Run(() => PreparedLine.Prepare(chunk), cancellation);
            if (pending is { } previous && await Commit(previous.Lines, await previous.Prepared))
            {
                // Its item ids were drawn before the retried chunk's new ones: drawn again, they keep the file's order.
                await prepared;
                prepared = Task.FromResult(PreparedLine.Prepare(chunk));
            }
            pending = (chunk, prepared);
        }
        if (pending is { } last) await Commit(last.Lines, await last.Prepared);
        return progress;

        // Decides and commits a chunk, then reports; whether it took more than one attempt.
        async Task<bool> Commit(IReadOnlyList<NumberedLine> chunk, List<PreparedLine> prepared)
        {
            var (written, attempts) = await Write(chunk, prepared, importer, correlationId, names, cancellation);
            if (names.Count > KeptNames) names.Clear();
            foreach (var name in written.NewNames) names[name.Id] = name.Value;
            errors.AddRange(written.Errors.Take(KeptErrors - errors.Count));
            var done = progress.Done + chunk.Count;
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
            return attempts > 1;
        }
    }

    /// <summary>Decides and commits one chunk, deciding it again (from lines prepared afresh) after a lost race; how many attempts it took.</summary>
    private async Task<(ImportChunk Chunk, int Attempts)> Write(
        IReadOnlyList<NumberedLine> lines, List<PreparedLine> prepared, Importer importer, string correlationId,
        IReadOnlyDictionary<string, Guid> names, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A failed attempt sealed the personal values of the commands it read: the next one reads them again.
            if (attempt > 1) prepared = PreparedLine.Prepare(lines);
            var chunk = new ImportChunk(prepared, importer, correlationId, names, clock.GetUtcNow());
            try
            {
                // The chunk writes its rows itself (by COPY, see ChunkRows), so the transaction is ours, not a session's:
                // the session only reads, enlisted in it.
                await using var connection = store.ChronologyDatabase().CreateConnection();
                await connection.OpenAsync(cancellation);
                await using var transaction = await connection.BeginTransactionAsync(cancellation);
                var options = SessionOptions.ForTransaction(transaction);
                options.TenantId = ChronologyScope.TenantId;
                await using var session = store.LightweightSession(options);
                await chunk.Write(session, cancellation);
                // Never cancelled once sent, as on the single-command path: the chunk commits whole or leaves nothing.
                await transaction.CommitAsync(CancellationToken.None);
                EditMetrics.Committed(store, chunk.RecordsCreated, chunk.Revisions);
                return (chunk, attempt);
            }
            catch (Exception e) when (attempt < Attempts && Retryable(e))
            {
                // Decided again from the start: the receipts of whatever committed meanwhile turn its lines into replays.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), clock, cancellation);
            }
        }
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
