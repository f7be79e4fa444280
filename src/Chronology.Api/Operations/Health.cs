using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronology.Api.Operations;

/// <summary>Ready when PostgreSQL answers: the only state the API depends on.</summary>
public sealed class PostgresReady(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", cancellation);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}
