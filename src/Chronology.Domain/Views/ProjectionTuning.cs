using JasperFx.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// How the daemon feeds the projections. The defaults (500 events a batch, every aggregate read back from the
/// database for every batch) make a rebuild mostly round trips; see bench/README.md for the figures.
/// </summary>
public static class ProjectionTuning
{
    /// <summary>Events fetched and applied per batch: one read of the previous documents and one write per batch.</summary>
    public const int BatchSize = 5_000;

    /// <summary>Current records kept in memory between batches, so a live edit does not read its record back first.</summary>
    public const int CachedRecords = 10_000;

    /// <summary>
    /// During a rebuild, records are held in memory until this many are dirty, then written once each. Events of many
    /// records interleave in the log, so a threshold below the number of records writes (and reads back) every record
    /// once per flush: with 50,000 records and 10,000 here, a million events rebuilt at about 5,500 events/s.
    /// </summary>
    public const int RebuildFlushThreshold = 100_000;

    /// <summary>
    /// Records whose place in the revisions fold is kept in memory between batches (<see cref="RevisionTips"/>): enough for
    /// a rebuild of 50,000 interleaved records to read nothing back.
    /// </summary>
    public const int CachedRevisionTips = 100_000;

    /// <summary>How often each running agent writes that it is alive; the API calls a shard unassigned after missing a few.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    public static AsyncOptions ForAggregates(AsyncOptions options)
    {
        KeepServingDuringRebuilds(options);
        options.BatchSize = BatchSize;
        options.CacheLimitPerTenant = CachedRecords;
        options.RebuildFlushThreshold = RebuildFlushThreshold;
        return options;
    }

    public static AsyncOptions ForDocumentsPerRevision(AsyncOptions options)
    {
        KeepServingDuringRebuilds(options);
        options.BatchSize = BatchSize;
        return options;
    }

    /// <summary>
    /// A rebuild replays the events over the documents readers are using instead of emptying the view first, so no
    /// record answers 404 while its view is rebuilt. The projections fold each event in once by its sequence number,
    /// and what the replay did not write again (a view of an event skipped since) is removed when it ends.
    /// </summary>
    private static void KeepServingDuringRebuilds(AsyncOptions options) => options.TeardownDataOnRebuild = false;
}
