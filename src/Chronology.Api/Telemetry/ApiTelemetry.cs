using Chronology.Api.Admin;
using Chronology.Api.Auth;
using Chronology.Domain.Telemetry;
using Marten.Events.Daemon;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Chronology.Api.Telemetry;

public static class ApiTelemetry
{
    /// <summary>Tagged like the projections check: part of /health, kept out of /health/ready.</summary>
    private const string ViewsTag = "views";

    /// <summary>
    /// Metrics (ASP.NET Core, Npgsql, Marten, Wolverine, edits, projection lag) for the Prometheus endpoint, traces to
    /// OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and Marten's high-water-mark check in /health.
    /// </summary>
    public static WebApplicationBuilder AddChronologyTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProjectionLag>();
        builder.Services.AddChronologyTelemetry(builder.Configuration, "chronology-api",
            metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(ProjectionLag.MeterName)
                .AddInstrumentation(services => services.GetRequiredService<ProjectionLag>())
                .AddPrometheusExporter(),
            tracing => tracing.AddAspNetCoreInstrumentation());

        // How long the mark may sit behind stored events before the check reports it (Marten's default: 30 s).
        builder.Services.AddHealthChecks().AddMartenHighWaterHealthCheck(builder.Configuration.GetValue<TimeSpan?>("Health:HighWaterStaleAfter"));
        builder.Services.AddSingleton<IPostConfigureOptions<HealthCheckServiceOptions>, HighWaterCheckDegrades>();
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus' text format, for admins only: it shows what /admin/projections shows, and more
    /// (request rates per route). Prometheus sends the admin key as a bearer token.
    /// </summary>
    public static WebApplication MapChronologyMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Administer);
        return app;
    }

    /// <summary>
    /// Marten registers its check as Unhealthy-on-failure; a stalled high-water agent stalls the views, not this API,
    /// so it reports Degraded among the view checks and /health/ready (the load balancer's probe) ignores it.
    /// </summary>
    private sealed class HighWaterCheckDegrades : IPostConfigureOptions<HealthCheckServiceOptions>
    {
        public void PostConfigure(string? name, HealthCheckServiceOptions options)
        {
            foreach (var marten in options.Registrations.Where(check => check.Name.StartsWith("HighWaterHealthCheck", StringComparison.Ordinal)).ToList())
            {
                options.Registrations.Remove(marten);
                options.Registrations.Add(new HealthCheckRegistration(
                    "high-water-mark", services => new DegradedWhenUnhealthy(marten.Factory(services)), HealthStatus.Degraded, [ViewsTag]));
            }
        }
    }
}
