using Chronology.Api.Admin;
using Chronology.Domain.Chronologies;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronology.Api.Operations;

/// <summary>
/// Degraded, naming the projection, when a view has stopped moving: faulted on an event, or with no worker running it.
/// Kept out of /health/ready on purpose: a stalled view is no reason for a load balancer to stop sending requests to
/// an API that can still serve them. With several chronologies, every chronology's views count, each named.
/// </summary>
public sealed class ProjectionsHealthy(ProjectionStates projections, ChronologyCatalogue chronologies) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        var stalled = new List<string>();
        foreach (var chronology in chronologies.Names)
        {
            using var scope = ChronologyScope.Enter(chronology);
            var named = chronologies.IsSharded ? $"{chronology}: " : "";
            var (states, _) = await projections.Read(cancellation);
            stalled.AddRange(states.Where(projection => projection.State is "faulted" or "unassigned").Select(projection => named + Describe(projection)));
        }
        return stalled.Count == 0
            ? HealthCheckResult.Healthy("Every projection is running or rebuilding.")
            : HealthCheckResult.Degraded(string.Join("; ", stalled));
    }

    private static string Describe(ProjectionState projection) => projection switch
    {
        { Failure: { } failure } =>
            $"{projection.Name} is faulted at event {failure.Sequence?.ToString() ?? "?"} ({failure.EventType ?? "unknown type"}): {failure.Error}",
        _ => $"{projection.Name} is unassigned: no worker has reported running it lately",
    };
}
