extern alias api;
using System.Text.Json.Nodes;
using Alba;
using Chronology.Api.Tests;
using Chronology.Worker;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Wolverine;

namespace Chronology.Worker.Tests;

/// <summary>
/// A chronology of its own (a PostgreSQL schema per fixture): the real API, which queues jobs, and a worker hosted
/// with the worker's own services (<see cref="WorkerServices"/>), which runs them. The worker can also be left out at
/// first (<see cref="StartsWorker"/>), so a test can run one as a process and kill it.
/// </summary>
public class WorkerFixture : IAsyncLifetime
{
    public const string EditorKey = "worker-tests-editor-key-0123456789";
    public const string AdminKey = "worker-tests-admin-key-0123456789";

    public IAlbaHost Api { get; private set; } = null!;

    private readonly List<IHost> workers = [];
    private IHost? worker;

    /// <summary>The in-process worker, once started.</summary>
    public IHost Worker => worker ?? throw new InvalidOperationException("No worker started in this process yet.");

    public string Connection { get; private set; } = "";

    public string Schema => "worker_" + GetType().Name.ToLowerInvariant();

    protected virtual bool StartsWorker => true;

    /// <summary>The API in Wolverine's solo mode, so that a test's API never waits for a cluster of its own.</summary>
    protected virtual bool ApiInSoloMode => true;

    public IDocumentStore Store => Api.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Connection = await TestDatabase.ConnectionString();
        await DropSchemas();
        Api = await AlbaHost.For<api::Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:chronology", Connection);
            builder.UseSetting("Store:Schema", Schema);
            builder.UseSetting("RateLimit:PermitsPerMinute", "0");
            Principal(builder, 0, "alice", EditorKey, "editor");
            Principal(builder, 1, "root", AdminKey, "admin");
            foreach (var (name, value) in OwnSettings) builder.UseSetting(name, value);
            // The API runs no daemon and no job: the worker does both.
            if (ApiInSoloMode) builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        if (StartsWorker) await StartWorker();
    }

    /// <summary>Every run starts from nothing: no documents, events or queued messages of an earlier run.</summary>
    private async Task DropSchemas()
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade; drop schema if exists {Schema}_api cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A worker in this process, with exactly the services the worker process runs.</summary>
    public async Task StartWorker() => worker = await StartAnotherWorker();

    /// <summary>One more worker in this process, stopped with the fixture; its warnings and errors are kept (<see cref="LoggedProblems"/>).</summary>
    public async Task<IHost> StartAnotherWorker()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Services.AddChronologyWorker(builder.Configuration);
        builder.Logging.AddFakeLogging(kept => kept.FilteredLevels = new HashSet<LogLevel> { LogLevel.Warning, LogLevel.Error, LogLevel.Critical });
        var started = builder.Build();
        await started.StartAsync();
        workers.Add(started);
        return started;
    }

    /// <summary>The warnings and errors every worker of this process has logged so far.</summary>
    public IReadOnlyList<FakeLogRecord> LoggedProblems =>
        workers.SelectMany(started => started.Services.GetFakeLogCollector().GetSnapshot()).ToList();

    /// <summary>What a worker needs to find this chronology, as configuration keys (and, with __, as environment names).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("ConnectionStrings:chronology", Connection), new("Store:Schema", Schema), .. OwnSettings];

    /// <summary>Settings of a fixture's own, for the API and every worker alike.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> OwnSettings => [];

    public async Task DisposeAsync()
    {
        foreach (var started in workers)
        {
            await started.StopAsync();
            started.Dispose();
        }
        await Api.DisposeAsync();
    }

    private static void Principal(IWebHostBuilder builder, int index, string name, string key, string role)
    {
        builder.UseSetting($"Auth:Principals:{index}:Name", name);
        builder.UseSetting($"Auth:Principals:{index}:Key", key);
        builder.UseSetting($"Auth:Principals:{index}:Roles:0", role);
    }

    public Task<Answer> Get(string url, string key = AdminKey) => Send(scenario => scenario.Get.Url(url), key);

    /// <summary>A POST as <paramref name="key"/>'s principal, with a body of <paramref name="contentType"/> or none.</summary>
    public Task<Answer> Post(string url, string? body = null, string contentType = "application/json", string key = AdminKey) =>
        Send(scenario =>
        {
            if (body is null) scenario.Post.Url(url);
            else scenario.Post.Text(body).ToUrl(url).ContentType(contentType);
        }, key);

    /// <summary>An edit as the editor, which must be accepted; the id it answers with (a created record's), or "".</summary>
    public async Task<string> Edit(string url, string body)
    {
        var answer = await Post(url, body, key: EditorKey);
        Assert.True(answer.Status is 200 or 201, $"{url} answered {answer.Status}");
        return answer.Json!["id"]?.GetValue<string>() ?? "";
    }

    private async Task<Answer> Send(Action<Scenario> request, string key)
    {
        var result = await Api.Scenario(scenario =>
        {
            request(scenario);
            scenario.WithBearerToken(key);
            scenario.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        var location = result.Context.Response.Headers.Location.ToString();
        return new Answer(result.Context.Response.StatusCode, location.Length > 0 ? location : null,
            text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null);
    }

    /// <summary>Polls a job's status URL until it is done (failing on failed), within <paramref name="patience"/>.</summary>
    public async Task<JsonObject> Finished(string statusUrl, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var (status, _, json) = await Get(statusUrl);
            Assert.Equal(200, status);
            var state = json!["state"]!.GetValue<string>();
            Assert.NotEqual("failed", state);
            if (state == "done") return json;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{statusUrl} still {state} after {patience}: {json.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits for something the worker reaches on its own; fails with a description rather than hang.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Still not the case: {what}");
            await Task.Delay(200);
        }
    }
}
