using Chronology.Domain.Chronologies;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Imports;
using Chronology.Domain.Log;
using Chronology.Domain.Operations;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Views;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Chronology.Domain;

/// <summary>The one store configuration: the API and the worker both call it, so schema and projections match.</summary>
public static class ChronologyStore
{
    public const string DefaultSchema = "chronology";

    /// <param name="transparencyLog">
    /// False leaves the log's projection out (configuration <c>Store:TransparencyLog=false</c>): only for the bench, which
    /// measures what the log costs edits (bench/README.md, "logcost"). A store without it writes no log.
    /// </param>
    public static StoreOptions ConfigureChronology(
        this StoreOptions options, string connectionString, string schema = DefaultSchema, ChronologyCatalogue? chronologies = null,
        bool transparencyLog = true)
    {
        if (chronologies is { IsSharded: true }) chronologies.AddDatabases(options, connectionString, Tuned);
        else options.Connection(Tuned(connectionString));
        options.DatabaseSchemaName = schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.MetadataConfig.EnableAll();
        // Losers of a race wait for the winner instead of burning sequence numbers, which would hold back
        // the async daemon's high water mark (see stack notes).
        options.Events.UseExclusiveLockOnConcurrentAppends = true;
        foreach (var (type, name, version) in EventCatalogue.Events)
            options.Events.MapEventType(type, $"{name}.v{version}");
        // No transformation (Marten's null): the type reads its former JSON itself (see EventCatalogue.FormerVersions).
        foreach (var (type, storedName) in EventCatalogue.FormerVersions) options.Events.Upcast(type, storedName, null!);
        // An admin can mark one event that a projection cannot fold as skipped (is_skipped in mt_events): every view and
        // every read of the stream then passes over it, so the views keep agreeing with each other and with a rebuild.
        options.Events.EnableEventSkippingInProjectionsOrSubscriptions = true;
        // Each shard's agent state, failure (event, type, error) and heartbeat go to mt_event_progression, where the
        // API (which runs no daemon) reads them for /admin/projections and /health.
        options.Events.EnableExtendedProgressionTracking = true;
        options.Projections.ExtendedProgressionHeartbeatInterval = ProjectionTuning.Heartbeat;

        options.Projections.Add(new RecordSnapshotProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CurrentRecordProjection(), ProjectionLifecycle.Async);
        // The views written per revision replay with the next page read ahead; the current records' aggregation has its own.
        options.Projections.Add(new LoadAheadProjection(new RevisionsProjection()), ProjectionLifecycle.Async);
        options.Projections.Add(new LoadAheadProjection(new ChangeFeedProjection()), ProjectionLifecycle.Async);
        if (transparencyLog) options.Projections.Add(new TransparencyLogProjection(schema), ProjectionLifecycle.Async);
        // A projection that fails on an event stops (and shows as faulted) rather than skipping the event and
        // leaving a view that silently disagrees with the events.
        options.Projections.Errors.SkipApplyErrors = false;
        // Poll for new events more often than the defaults, so views follow writes well within a second. The high-water
        // agent waits the slow time after every poll that found it caught up (every event committed at that instant, which
        // under steady writes is common) or held by a transaction still in flight: at 250 ms that wait alone added up to a
        // quarter second to the lag of the next edit. A poll is one small query.
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.RebuildErrors.SkipApplyErrors = false;

        // Text search in any script (RecordFilter: search_text ILIKE '%…%') reads a trigram index, which finds 朝美首腦
        // inside 2018年朝美首腦會談 where word-based full-text search finds nothing (CJK has no spaces between words).
        options.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));
        // The text is a plain column rather than an expression over data: the worker rewrites a record's view at every
        // edit, and an index over data made every rewrite a non-HOT update with new primary-key and trigram entries;
        // with the column, an edit that leaves the names alone updates the row in place (bench/README.md, lag round 4).
        options.Schema.For<CurrentRecord>().Duplicate(record => record.SearchText, configure: index =>
        {
            index.Method = IndexMethod.gin;
            index.Mask = "? gin_trgm_ops";
        });
        // RevisionView's columns and indexes: RevisionView.ConfigureMarten.
        options.Schema.For<RevisionView>();
        // A plain column, not an expression over data: a rebuild rewriting an entry can then update it in place (HOT).
        options.Schema.For<ChangeFeedEntry>().Duplicate(entry => entry.Position);
        options.AddTransparencyLog();
        options.AddPersonalData();
        options.Schema.For<RebuildJob>();
        options.Schema.For<ProjectionRecovery>();
        options.Schema.For<ImportJob>();
        options.Schema.For<ImportName>();
        options.Schema.For<ImportPart>().Index(part => part.JobId);
        options.Schema.For<EditReceipt>().Identity(receipt => receipt.Id);
        return options;
    }

    /// <summary>
    /// Every session borrows a pooled connection for a few statements, so the pool's default costs more than the
    /// statements: no DISCARD ALL on every return (no session state of ours outlives a session).
    /// Statements are not auto-prepared (Max Auto Prepare stays 0): with it on, a statement that fails inside a batch
    /// (a body PostgreSQL refuses, a lost race on a unique key) left the pooled connection's prepared-statement
    /// bookkeeping out of step with the server, and a later, valid request on that connection failed with "Received
    /// unexpected backend message DataRow" (Npgsql 9.0.4 and 9.0.5, npgsql/npgsql#6391; reproduced here, gone without it).
    /// <para>Keepalives, for the connections that hold advisory locks (Wolverine's leadership and node locks, the jobs'
    /// locks) for as long as a process lives: a worker whose machine or network dies without closing its sockets would
    /// otherwise keep them for hours (Linux's TCP keepalive starts after 2 h). PostgreSQL probes each of these clients
    /// after 5 s of silence and ends the session, releasing its locks, after 3 unanswered probes 2 s apart (the
    /// server's keepalives, asked for in the startup options: a client-side keepalive cannot release a server-side
    /// lock); Npgsql pings an idle connection every 5 s (Keepalive) and turns on TCP keepalives (Tcp Keepalive), so
    /// the worker too learns soon that its lock is gone.</para>
    /// <para>Documents over about 2 kB (a record's write state and its current view once it holds a few dozen items) are
    /// compressed by PostgreSQL at every rewrite, one rewrite of each per edit: lz4 instead of the default pglz costs
    /// PostgreSQL a fraction of the CPU for about the same size (bench/README.md, "Lag and edits"). Needs a server built
    /// with lz4, as the PGDG, Debian, Red Hat and Docker builds of PostgreSQL 14+ are.</para>
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, KeepAlive = 5, TcpKeepAlive = true };
        tuned.Options = $"{tuned.Options} -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3 -c default_toast_compression=lz4".Trim();
        return tuned.ConnectionString;
    }
}
