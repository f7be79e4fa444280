using Chronology.Api.Auth;
using Chronology.Api.Chronologies;
using Chronology.Api.OpenApi;
using Chronology.Api.Operations;
using Chronology.Api.Problems;
using Chronology.Api.Records.Editing;
using Chronology.Api.Replicas;
using Chronology.Api.Telemetry;
using Chronology.Api.Viewer;
using Chronology.Domain;
using Chronology.Domain.Chronologies;
using Chronology.Domain.Operations;
using Chronology.Domain.Records.Editing;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Postgresql;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("chronology")
    ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__chronology.");

if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = RequestLimits.BodyBytes;
    // Header bytes outside ASCII reach the app (as Latin-1) to be refused with a problem answer (RequestTextGuard),
    // where Kestrel would answer a bare 400.
    kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
});

var schema = builder.Configuration["Store:Schema"] ?? ChronologyStore.DefaultSchema;
var chronologies = ChronologyCatalogue.Register(builder.Services, builder.Configuration, connectionString);
var marten = builder.Services.AddMarten(options => options.ConfigureChronology(connectionString, schema, chronologies, builder.Configuration["Store:TransparencyLog"] != "false"))
    .UseLightweightSessions()
    .IntegrateWithWolverine(wolverine =>
    {
        // The API publishes jobs to the workers' queue (in the store's schema) and keeps its own outbox apart from the
        // workers' inbox, so it joins no cluster with them: it never runs a job, nor recovers one.
        wolverine.TransportSchemaName = schema;
        wolverine.MessageStorageSchemaName = $"{schema}_api";
        // Wolverine's own tables when chronologies have databases of their own (unused with one database).
        wolverine.MainDatabaseConnectionString = connectionString;
    });
if (builder.Environment.IsDevelopment()) marten.ApplyAllDatabaseChangesOnStartup();
builder.AddStandbyReads(connectionString);
// The worker runs the daemon. Only a single-process setup (the integration tests) asks the API to run it too.
if (builder.Configuration["Store:Daemon"] is { } daemon) marten.AddAsyncDaemon(Enum.Parse<DaemonMode>(daemon));

// Pre-generated handler code (Internal/Generated, `dotnet run -- codegen write`) loads at start; anything
// missing from it is still compiled at run time, so a stale copy slows the start but never breaks it.
builder.Host.UseWolverine(options =>
{
    options.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
    // Balanced among the APIs only (their nodes are in {schema}_api, apart from the workers'), so a live API recovers a
    // dead one's outbox; the API runs no projection agent: it has no event-subscription distribution to take one from.
    options.Durability.Mode = DurabilityMode.Balanced;
    options.Publish(jobs => jobs.MessagesImplementing<IJobMessage>().ToPostgresqlQueue(IJobMessage.Queue));
});
builder.Services.AddWolverineHttp();
builder.Services.ConfigureHttpJsonOptions(json => ChronologyJson.Configure(json.SerializerOptions));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RecordEditor>();
builder.Services.AddSingleton<Chronology.Domain.Erasing.SubjectEraser>();
builder.Services.AddSingleton<HttpEdits>();
builder.Services.AddSingleton<Chronology.Domain.Log.LogVerifier>();
builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionProvider, EditBodyDescriptions>());
builder.Services.AddSingleton<Chronology.Api.Queries.ViewReader>();
builder.Services.AddSingleton<Chronology.Api.Caching.ConditionalReads>();
builder.Services.AddSingleton<Chronology.Api.Caching.RevalidationMemory>();
builder.Services.AddSingleton<Chronology.Api.Caching.RecordsViewWatch>();
builder.Services.AddHostedService(services => services.GetRequiredService<Chronology.Api.Caching.RecordsViewWatch>());
builder.Services.AddSingleton<Chronology.Api.Jobs.JobQueue>();
builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection("Idempotency"));

builder.Services.AddChronologyAuth(builder.Configuration);
builder.Services.AddChronologyRateLimits(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddChronologyOpenApi();
builder.Services.AddSingleton<Chronology.Api.Admin.ProjectionStates>();
builder.Services.AddHealthChecks()
    .AddCheck<PostgresReady>("postgres", tags: ["ready"])
    .AddCheck<ProjectionsHealthy>("projections", tags: ["views"]);
builder.AddChronologyTelemetry();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages(async context =>
{
    // Routing misses (an unknown route, a malformed id in the path) answer as problems too.
    var http = context.HttpContext;
    if (http.Response.StatusCode == StatusCodes.Status404NotFound && !http.Response.HasStarted)
        await ProblemAnswers.NotFound($"Nothing is at {http.Request.Path}.", "route.not-found").ExecuteAsync(http);
    else if (http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        await ProblemAnswers.Problem(405, "method-not-allowed", "Method not allowed.", $"{http.Request.Method} is not allowed on {http.Request.Path}.", "route.method").ExecuteAsync(http);
});
app.UseRequestTextGuard();
app.UseViewerPages();
// /chronologies/{name}/… is the same API in another chronology: the prefix is taken off before routing (the viewer's
// pages stay the default chronology's).
app.UseChronologyRouting();
app.UseRouting();
app.UseAuthentication();
app.UseChronologyRateLimits(builder.Configuration);
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportJson.Write });
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapChronologyMetrics();
// Command bodies are read strictly (field-named 400s, 413, 415) before they bind to their typed records.
app.MapWolverineEndpoints(wolverine => wolverine.AddParameterHandlingStrategy(new EditBodyBinding()));

return await app.RunJasperFxCommands(args);

public partial class Program;
