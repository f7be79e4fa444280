using System.Text.Json;
using Chronology.Domain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronology.Api.Operations;

/// <summary><c>/health</c> as JSON: the overall status and each check's, with the reason, so a degraded view is named.</summary>
public static class HealthReportJson
{
    public static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description ?? entry.Value.Exception?.Message,
            }),
        }, ChronologyJson.Options));
    }
}
