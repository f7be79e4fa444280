using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chronology.Domain.Telemetry;

/// <summary>
/// OpenTelemetry for the API and the worker: traces and metrics of Npgsql (its own ActivitySource and Meter), Marten
/// (connections, event appends, the daemon's progress) and Wolverine, plus our edit counter. Each host adds its own
/// instrumentation and exporters through <paramref name="metrics"/> and <paramref name="tracing"/>.
/// </summary>
public static class ChronologyTelemetry
{
    /// <summary>The libraries' own ActivitySource names (Npgsql 9, Marten 9, Wolverine 6).</summary>
    private static readonly string[] Sources = ["Npgsql", "Marten", "Wolverine"];

    /// <summary>Their meters: Wolverine names its meter "Wolverine:&lt;service name&gt;", hence the wildcard.</summary>
    private static readonly string[] Meters = ["Npgsql", "Marten", "Wolverine*"];

    public static IServiceCollection AddChronologyTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName,
        Action<MeterProviderBuilder> metrics, Action<TracerProviderBuilder> tracing)
    {
        services.ConfigureMarten(options =>
        {
            options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            options.OpenTelemetry.TrackEventCounters();
            options.Listeners.Add(new EditMetrics());
        });
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(builder =>
            {
                builder.AddMeter([.. Meters, EditMetrics.MeterName]);
                metrics(builder);
            });
        // Traces only leave the process through OTLP: without a collector, recording them would cost for nothing.
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
            telemetry.WithTracing(builder =>
            {
                builder.AddSource(Sources);
                tracing(builder);
            }).UseOtlpExporter();
        return services;
    }
}
