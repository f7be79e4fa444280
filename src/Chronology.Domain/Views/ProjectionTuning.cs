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

    public static AsyncOptions ForAggregates(AsyncOptions options)
    {
        options.BatchSize = BatchSize;
        options.CacheLimitPerTenant = CachedRecords;
        options.RebuildFlushThreshold = RebuildFlushThreshold;
        return options;
    }

    public static AsyncOptions ForDocumentsPerRevision(AsyncOptions options)
    {
        options.BatchSize = BatchSize;
        return options;
    }
}
