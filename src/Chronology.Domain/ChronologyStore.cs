using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Imports;
using Chronology.Domain.Log;
using Chronology.Domain.Operations;
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

    public static StoreOptions ConfigureChronology(this StoreOptions options, string connectionString, string schema = DefaultSchema)
    {
        options.Connection(Tuned(connectionString));
        options.DatabaseSchemaName = schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.MetadataConfig.EnableAll();
        // Losers of a race wait for the winner instead of burning sequence numbers, which would hold back
        // the async daemon's high water mark (see stack notes).
        options.Events.UseExclusiveLockOnConcurrentAppends = true;
        foreach (var (type, name, version) in EventCatalogue.Events)
            options.Events.MapEventType(type, $"{name}.v{version}");
        // An admin can mark one event that a projection cannot fold as skipped (is_skipped in mt_events): every view and
        // every read of the stream then passes over it, so the views keep agreeing with each other and with a rebuild.
        options.Events.EnableEventSkippingInProjectionsOrSubscriptions = true;
        // Each shard's agent state, failure (event, type, error) and heartbeat go to mt_event_progression, where the
        // API (which runs no daemon) reads them for /admin/projections and /health.
        options.Events.EnableExtendedProgressionTracking = true;
        options.Projections.ExtendedProgressionHeartbeatInterval = ProjectionTuning.Heartbeat;

        options.Projections.Add(new RecordSnapshotProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CurrentRecordProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new RevisionsProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new ChangeFeedProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new TransparencyLogProjection(schema), ProjectionLifecycle.Async);
        // A projection that fails on an event stops (and shows as faulted) rather than skipping the event and
        // leaving a view that silently disagrees with the events.
        options.Projections.Errors.SkipApplyErrors = false;
        // Poll for new events more often than the defaults, so views follow writes well within a second.
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        options.Projections.RebuildErrors.SkipApplyErrors = false;

        // Text search in any script (RecordFilter: searchText ILIKE '%…%') reads a trigram index, which finds 朝美首腦
        // inside 2018年朝美首腦會談 where word-based full-text search finds nothing (CJK has no spaces between words).
        options.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));
        options.Schema.For<CurrentRecord>().Index(record => record.SearchText, index =>
        {
            index.Method = IndexMethod.gin;
            index.Mask = "? gin_trgm_ops";
        });
        // History pages by revision; knownAt looks for the last revision recorded by an instant.
        options.Schema.For<RevisionView>()
            .Index([revision => revision.RecordId, revision => revision.Revision], _ => { })
            .Index([revision => revision.RecordId, revision => revision.RecordedAt], _ => { });
        options.Schema.For<ChangeFeedEntry>().Index(entry => entry.Position);
        options.AddTransparencyLog();
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
    /// </summary>
    private static string Tuned(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
}
