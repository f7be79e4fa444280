using Chronology.Domain;
using Chronology.Domain.Imports;
using Chronology.Domain.Records.Editing;
using Chronology.Worker.Jobs;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Wolverine;
using Wolverine.Marten;

// The worker runs the async daemon (HotCold: one leader, the others on standby to take over after a crash)
// and the background jobs the API queues in PostgreSQL. It listens on a port only when given --urls, for its health endpoints.
var listens = args.Any(arg => arg.StartsWith("--urls", StringComparison.Ordinal)) ||
              Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 };

if (listens)
{
    var web = WebApplication.CreateBuilder(args);
    AddWorker(web.Services, web.Configuration);
    var app = web.Build();
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready");
    return await app.RunJasperFxCommands(args);
}

var builder = Host.CreateApplicationBuilder(args);
AddWorker(builder.Services, builder.Configuration);
return await builder.Build().RunJasperFxCommands(args);

static void AddWorker(IServiceCollection services, IConfiguration configuration)
{
    var connectionString = configuration.GetConnectionString("chronology")
        ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__chronology.");
    var schema = configuration["Store:Schema"] ?? ChronologyStore.DefaultSchema;
    services.AddMarten(options => options.ConfigureChronology(connectionString, schema))
        .UseLightweightSessions()
        .ApplyAllDatabaseChangesOnStartup()
        .AddAsyncDaemon(DaemonMode.HotCold)
        // The job queue's tables sit in the store's schema beside Wolverine's inbox, so each schema is a world of its own.
        .IntegrateWithWolverine(wolverine => wolverine.TransportSchemaName = schema);
    services.AddWolverine(options =>
    {
        // Pre-generated handler code loads at start; anything missing is compiled at run time.
        options.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
        options.RunJobs();
    });
    services.AddSingleton<DaemonLeadership>();
    services.AddSingleton<JobRunner>();
    services.AddSingleton(TimeProvider.System);
    services.AddSingleton<RecordEditor>();
    services.AddSingleton<NdjsonImport>();
    services.AddHealthChecks();
}
