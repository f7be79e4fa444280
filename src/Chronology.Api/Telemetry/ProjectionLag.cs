using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Chronology.Api.Admin;
using Marten;

namespace Chronology.Api.Telemetry;

/// <summary>
/// The lag of each async projection as a gauge, read when metrics are collected (a scrape) from the same
/// <see cref="ProjectionStates"/> that /admin/projections reports, so both always agree. Measurements carry the store's
/// schema: OpenTelemetry keeps one instrument per name in a process, so hosts that share one (the tests) report
/// through the same gauge.
/// </summary>
public sealed class ProjectionLag : IDisposable
{
    public const string MeterName = "Chronology.Projections";

    /// <summary>A scrape waits this long for PostgreSQL at most; without an answer the gauge reports nothing this time.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<ProjectionLag, string> Stores = new();

    static ProjectionLag() => Meter.CreateObservableGauge("chronology.projection.lag", Measure, "{event}",
        "Events stored that the projection has not folded yet (the lag_events of /admin/projections).");

    private readonly ProjectionStates projections;

    public ProjectionLag(ProjectionStates projections, StoreOptions options)
    {
        this.projections = projections;
        Stores[this] = options.DatabaseSchemaName;
    }

    private static IEnumerable<Measurement<long>> Measure() => Stores.SelectMany(store => store.Key.Measure(store.Value)).ToList();

    private IEnumerable<Measurement<long>> Measure(string schema)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            // Instrument callbacks are synchronous; a scrape is rare enough to wait on one query here.
            var (states, highWaterMark) = projections.Read(timeout.Token).GetAwaiter().GetResult();
            return states.Select(projection => new Measurement<long>(projection.EventsBehind(highWaterMark),
                new KeyValuePair<string, object?>("projection", projection.Name), new KeyValuePair<string, object?>("schema", schema))).ToList();
        }
        catch (Exception e) when (e is OperationCanceledException or Npgsql.NpgsqlException)
        {
            return [];
        }
    }

    public void Dispose() => Stores.TryRemove(this, out _);
}
