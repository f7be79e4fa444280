using Chronology.Domain.Imports;
using Chronology.Domain.Operations;
using JasperFx.Events.Daemon;
using Marten;

namespace Chronology.Worker.Jobs;

public sealed record RunImport(Guid JobId);

/// <summary>Runs an import job, saving its progress about once a second so the status URL shows it moving.</summary>
public static class RunImportHandler
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

    public static async Task Handle(RunImport message, IDocumentStore store, NdjsonImport import, TimeProvider clock, ILogger<RunImport> logger, CancellationToken cancellation)
    {
        ImportJob job;
        await using (var session = store.QuerySession())
            job = await session.LoadAsync<ImportJob>(message.JobId, cancellation) ?? throw new InvalidOperationException($"No import job {message.JobId}.");

        var lastReport = DateTimeOffset.MinValue;
        try
        {
            var outcome = await import.Run(job.Content, new Importer(job.RequestedBy, job.RequestedByAdmin), $"import:{job.Id}", async progress =>
            {
                if (clock.GetUtcNow() - lastReport < ReportEvery) return;
                lastReport = clock.GetUtcNow();
                await Save(store, With(job, progress), cancellation);
            }, cancellation);
            job = With(job, outcome) with { State = JobState.Done, FinishedAt = clock.GetUtcNow() };
        }
        // PostgreSQL going away is not the job's failure: the exception reaches the poller, which runs the job again.
        catch (Exception e) when (e is not OperationCanceledException && !TransientFailures.IsTransient(e))
        {
            logger.LogError(e, "Import {Job} failed", job.Id);
            job = job with { State = JobState.Failed, Errors = [.. job.Errors ?? [], new ImportError(0, e.Message)], FinishedAt = clock.GetUtcNow() };
        }
        await Save(store, job, cancellation);
    }

    private static ImportJob With(ImportJob job, ImportProgress progress) =>
        job with { Lines = progress.Lines, Imported = progress.Imported, Skipped = progress.Skipped, Errors = progress.Errors };

    private static async Task Save(IDocumentStore store, ImportJob job, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.Store(job);
        await session.SaveChangesAsync(cancellation);
    }
}
