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

    /// <summary>At most how often a worker writes its agents' heartbeats to mt_event_progression (one statement for all of them).</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>How often a running agent beats: JasperFx's own timer (SubscriptionAgent), fixed at 10 s, not a setting.</summary>
    public static readonly TimeSpan AgentBeat = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How old the stored heartbeat of a running agent gets. The worker holds a beat that comes within <see cref="Heartbeat"/>
    /// of its last write until the next beat after that, and agents started together beat together: all but the first of
    /// a round wait for the next round, so an idle, healthy agent's stored beat ages to two beats (20 s) before it is renewed.
    /// A third beat on top covers a worker slowed by load. A worker gone is noticed after this long.
    /// </summary>
    public static readonly TimeSpan Silence = AgentBeat * 3;

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
