using System.Diagnostics.Metrics;
using Chronology.Domain.Telemetry;

namespace Chronology.Api.Replicas;

/// <summary>
/// Counts reads (GET and HEAD requests that query the store) by the server <see cref="StandbyReads"/> sends them to:
/// <c>chronology_reads_total{server="primary|standby"}</c> on /metrics. "standby" is the prefer-standby data source,
/// which a read reaches through the primary only while no standby answers. Counted once per request, whatever number of
/// sessions it opens.
/// </summary>
public static class ReadsByServer
{
    private static readonly object Counted = new();

    private static readonly Meter Meter = new(EditMetrics.MeterName);

    private static readonly Counter<long> Reads = Meter.CreateCounter<long>(
        "chronology.reads", "{read}", "Reads (GET and HEAD requests that query the store) by the server they were sent to.");

    public static void Count(HttpContext request, bool onStandby)
    {
        if (!request.Items.TryAdd(Counted, true)) return;
        Reads.Add(1, new KeyValuePair<string, object?>("server", onStandby ? "standby" : "primary"));
    }
}
