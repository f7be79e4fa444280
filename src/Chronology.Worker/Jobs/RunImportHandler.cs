using Chronology.Domain.Chronologies;
using Chronology.Domain.Imports;
using Wolverine;

namespace Chronology.Worker.Jobs;

/// <summary>
/// Runs an import job on any worker, reading its lines part by part and saving its progress about once a second so the
/// status URL shows it moving. An import cut short runs again from its first line: the chunks it already committed are
/// recognised by their lines' keys, counted as skipped, and add nothing.
/// </summary>
public static class RunImportHandler
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

    public static async Task Handle(RunImport message, Envelope envelope, JobRunner jobs, NdjsonImport import, TimeProvider clock, CancellationToken cancellation)
    {
        using var chronology = ChronologyScope.Enter(envelope.TenantId);
        await jobs.Run<ImportJob>(message.JobId, async (job, token) =>
        {
            var lastReport = DateTimeOffset.MinValue;
            var outcome = await import.Run(job, async progress =>
            {
                if (clock.GetUtcNow() - lastReport < ReportEvery) return;
                lastReport = clock.GetUtcNow();
                await jobs.Save(job.With(progress), token);
            }, token);
            return job.With(outcome);
        }, cancellation);
    }
}
