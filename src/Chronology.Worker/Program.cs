using Chronology.Worker;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// The worker runs its share of the projections (Wolverine spreads them over the workers and moves a dead one's to the others)
// and the background jobs the API queues in PostgreSQL. It listens on a port only when given --urls, for its health endpoints.
var listens = args.Any(arg => arg.StartsWith("--urls", StringComparison.Ordinal)) ||
              Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 };

if (listens)
{
    var web = WebApplication.CreateBuilder(args);
    web.Services.AddChronologyWorker(web.Configuration);
    var app = web.Build();
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready");
    app.MapPrometheusScrapingEndpoint("/metrics");
    return await app.RunJasperFxCommands(args);
}

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddChronologyWorker(builder.Configuration);
return await builder.Build().RunJasperFxCommands(args);
