using System.Diagnostics.Metrics;
using Chronology.Api.Admin;

namespace Chronology.Api.Telemetry;

/// <summary>
/// The lag of each async projection as a gauge, read when metrics are collected (a scrape) from the same
/// <see cref="ProjectionStates"/> that /admin/projections reports, so both always agree.
/// </summary>
public sealed class ProjectionLag : IDisposable
{
    public const string MeterName = "Chronology.Projections";

    /// <summary>A scrape waits this long for PostgreSQL at most; without an answer the gauge reports nothing this time.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly Meter meter = new(MeterName);
    private readonly ProjectionStates projections;

    public ProjectionLag(ProjectionStates projections)
    {
        this.projections = projections;
        meter.CreateObservableGauge("chronology.projection.lag", Measure, "{event}",
            "Events stored that the projection has not folded yet (the lag_events of /admin/projections).");
    }

    private IEnumerable<Measurement<long>> Measure()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            // Instrument callbacks are synchronous; a scrape is rare enough to wait on one query here.
            var (states, highWaterMark) = projections.Read(timeout.Token).GetAwaiter().GetResult();
            return states.Select(projection => new Measurement<long>(
                projection.EventsBehind(highWaterMark), new KeyValuePair<string, object?>("projection", projection.Name))).ToList();
        }
        catch (Exception e) when (e is OperationCanceledException or Npgsql.NpgsqlException)
        {
            return [];
        }
    }

    public void Dispose() => meter.Dispose();
}
