using Chronology.Domain;
using Chronology.Domain.Imports;
using Chronology.Domain.Log;
using Chronology.Domain.Records.Editing;
using Chronology.Worker.Jobs;
using Chronology.Worker.Telemetry;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Chronology.Worker;

/// <summary>Everything a worker runs: the async daemon, the job handlers and what they use. The worker tests host the same.</summary>
public static class WorkerServices
{
    public static IServiceCollection AddChronologyWorker(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("chronology")
            ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__chronology.");
        var schema = configuration["Store:Schema"] ?? ChronologyStore.DefaultSchema;
        services.AddMarten(options => options.ConfigureChronology(connectionString, schema, configuration["Store:TransparencyLog"] != "false"))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            // The job queue's tables sit in the store's schema beside Wolverine's inbox, so each schema is a world of its own.
            .IntegrateWithWolverine(wolverine => wolverine.TransportSchemaName = schema);
        services.AddWolverine(options =>
        {
            // The handlers are found here, also when another assembly hosts the worker (its tests).
            options.ApplicationAssembly = typeof(WorkerServices).Assembly;
            options.ServiceName = "Chronology.Worker";
            // Pre-generated handler code loads at start; anything missing is compiled at run time.
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
            options.RunJobs();
        });
        services.AddSingleton<DaemonLeadership>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RecordEditor>();
        services.AddSingleton<NdjsonImport>();
        services.AddSingleton<LogVerifier>();
        if (!TreeHeadSigning.AddTo(services, configuration))
            Console.Error.WriteLine("No Log:SigningKey or Log:SigningKeyFile is configured: the transparency log grows unsigned.");
        services.AddHealthChecks();
        services.AddWorkerTelemetry(configuration);
        return services;
    }
}
