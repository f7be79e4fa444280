using Chronology.Domain;
using Chronology.Domain.Chronologies;
using Chronology.Domain.Imports;
using Chronology.Domain.Log;
using Chronology.Domain.Records.Editing;
using Chronology.Worker.Cluster;
using Chronology.Worker.Jobs;
using Chronology.Worker.Telemetry;
using JasperFx.CodeGeneration;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Chronology.Worker;

/// <summary>Everything a worker runs: its share of the projections, the job handlers and what they use. The worker tests host the same.</summary>
public static class WorkerServices
{
    public static IServiceCollection AddChronologyWorker(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("chronology")
            ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__chronology.");
        var schema = configuration["Store:Schema"] ?? ChronologyStore.DefaultSchema;
        var chronologies = ChronologyCatalogue.Register(services, configuration, connectionString);
        services.AddMarten(options => options.ConfigureChronology(connectionString, schema, chronologies, configuration["Store:TransparencyLog"] != "false"))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            // The job queue's tables sit in the store's schema beside Wolverine's inbox, so each schema is a world of its own.
            // Wolverine spreads the projections over the workers of that world (ProjectionDistribution): no Marten daemon mode.
            .IntegrateWithWolverine(wolverine =>
            {
                wolverine.TransportSchemaName = schema;
                wolverine.UseWolverineManagedEventSubscriptionDistribution = true;
                // Wolverine's own tables when chronologies have databases of their own (unused with one database).
                wolverine.MainDatabaseConnectionString = connectionString;
            });
        services.AddWolverine(options =>
        {
            // The handlers are found here, also when another assembly hosts the worker (its tests).
            options.ApplicationAssembly = typeof(WorkerServices).Assembly;
            options.ServiceName = "Chronology.Worker";
            // Pre-generated handler code loads at start; anything missing is compiled at run time.
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
            options.DistributeProjections(configuration);
            options.RunJobs();
        });
        services.AddSingleton<ProjectionAgents>();
        services.AddHostedService<ProgressionRaceRestarts>();
        services.AddSingleton<JobHints>();
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
