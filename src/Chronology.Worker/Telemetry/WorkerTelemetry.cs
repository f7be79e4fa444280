using Chronology.Domain.Telemetry;
using OpenTelemetry.Metrics;

namespace Chronology.Worker.Telemetry;

public static class WorkerTelemetry
{
    /// <summary>
    /// The daemon's and the jobs' metrics (Marten's projection progress and gaps, Npgsql, Wolverine, edits made by imports)
    /// on /metrics when the worker listens (--urls, a private port: the worker has no authentication), traces to OTLP
    /// when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddChronologyTelemetry(configuration, "chronology-worker", metrics => metrics.AddPrometheusExporter(), _ => { });
}
