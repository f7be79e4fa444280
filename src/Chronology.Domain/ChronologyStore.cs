using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Imports;
using Chronology.Domain.Operations;
using Chronology.Domain.Views;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;

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

        options.Projections.Add(new RecordSnapshotProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CurrentRecordProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new RevisionsProjection(), ProjectionLifecycle.Async, RevisionsProjection.ProjectionName,
            async => ProjectionTuning.ForDocumentsPerRevision(async).DeleteViewTypeOnTeardown<RevisionView>());
        options.Projections.Add(new ChangeFeedProjection(), ProjectionLifecycle.Async, ChangeFeedProjection.ProjectionName,
            async => ProjectionTuning.ForDocumentsPerRevision(async).DeleteViewTypeOnTeardown<ChangeFeedEntry>());
        // A projection that fails on an event stops (and shows as faulted) rather than skipping the event and
        // leaving a view that silently disagrees with the events.
        options.Projections.Errors.SkipApplyErrors = false;
        // Poll for new events more often than the defaults, so views follow writes well within a second.
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        options.Projections.RebuildErrors.SkipApplyErrors = false;

        options.Schema.For<CurrentRecord>();
        // History pages by revision; knownAt looks for the last revision recorded by an instant.
        options.Schema.For<RevisionView>()
            .Index([revision => revision.RecordId, revision => revision.Revision], _ => { })
            .Index([revision => revision.RecordId, revision => revision.RecordedAt], _ => { });
        options.Schema.For<ChangeFeedEntry>().Index(entry => entry.Position);
        options.Schema.For<RebuildJob>();
        options.Schema.For<ProjectionStatus>();
        options.Schema.For<ImportJob>();
        options.Schema.For<ImportName>();
        options.Schema.For<EditReceipt>().Identity(receipt => receipt.Id);
        return options;
    }

    /// <summary>
    /// Every session borrows a pooled connection for a few statements, so the pool's defaults cost more than the
    /// statements: no DISCARD ALL on every return (no session state of ours outlives a session), and the few
    /// statement shapes Marten sends over and over are prepared once per connection instead of planned each time.
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (tuned.MaxAutoPrepare == 0) tuned.MaxAutoPrepare = 64;
        return tuned.ConnectionString;
    }
}
