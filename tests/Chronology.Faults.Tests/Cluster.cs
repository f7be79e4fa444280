using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Chronology.Faults.Tests;

/// <summary>One scenario's chronology: a database of its own on the suite's PostgreSQL, an API and a worker process.</summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly string scenario;
    private int started;

    private Cluster(FaultPostgres postgres, string scenario, string connection)
    {
        Postgres = postgres;
        this.scenario = scenario;
        Connection = connection;
    }

    public FaultPostgres Postgres { get; }

    public string Connection { get; }

    public ChronologyProcess Api { get; private set; } = null!;

    public ChronologyProcess Worker { get; private set; } = null!;

    public Views Views => new(Connection, Api.Url);

    public string Database => DatabaseFor(scenario);

    private static string DatabaseFor(string scenario) => "faults_" + scenario;

    public static async Task<Cluster> Start(FaultPostgres postgres, string scenario)
    {
        var cluster = new Cluster(postgres, scenario, await postgres.CreateDatabase(DatabaseFor(scenario)));
        cluster.Api = await ChronologyProcess.StartApi(cluster.Connection, cluster.Log("api"));
        cluster.Worker = await ChronologyProcess.StartWorker(cluster.Connection, cluster.Log("worker"));
        return cluster;
    }

    /// <summary>kill -9 of the API, then a new one where its clients expect it.</summary>
    public async Task KillApi() => await Api.Kill();

    public async Task StartApiAgain() => Api = await ChronologyProcess.StartApi(Connection, Log("api"), Api.Url);

    public async Task KillWorker() => await Worker.Kill();

    public async Task StartWorkerAgain() => Worker = await ChronologyProcess.StartWorker(Connection, Log("worker"));

    /// <summary>Records to write to, created and acknowledged like any other write.</summary>
    public async Task<IReadOnlyList<Guid>> CreateRecords(int count)
    {
        using var http = Writers.Client(Api.Url);
        var records = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var created = await http.PostAsJsonAsync("/records", new JsonObject
            {
                ["kind"] = "summit",
                ["title"] = new JsonObject { ["zh-Hant"] = $"2018年朝美首腦會談 {i}", ["en"] = $"2018 US–DPRK summit {i}" },
                ["timeZone"] = "Asia/Singapore",
            });
            created.EnsureSuccessStatusCode();
            records.Add((await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>());
        }
        return records;
    }

    public string Log(string process) =>
        Path.Combine(Repository.Root, "artifacts", "faults", scenario, $"{process}-{Interlocked.Increment(ref started)}.log");

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Worker.DisposeAsync();
    }
}
