using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronology.Api.Telemetry;

/// <summary>
/// Reports a check's Unhealthy as Degraded: for checks about the views (Marten's high-water agent), which say that
/// reads may be stale, not that this API cannot serve.
/// </summary>
public sealed class DegradedWhenUnhealthy(IHealthCheck inner) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        var result = await inner.CheckHealthAsync(context, cancellation);
        return result.Status == HealthStatus.Unhealthy
            ? HealthCheckResult.Degraded(result.Description, result.Exception, result.Data)
            : result;
    }
}
