using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace Chronology.Domain;

/// <summary>The one store configuration: the API and the worker both call it, so schema and projections match.</summary>
public static class ChronologyStore
{
    public const string DefaultSchema = "chronology";

    public static StoreOptions ConfigureChronology(this StoreOptions options, string connectionString, string schema = DefaultSchema)
    {
        options.Connection(connectionString);
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
        options.Schema.For<EditReceipt>().Identity(receipt => receipt.Id);
        return options;
    }
}
