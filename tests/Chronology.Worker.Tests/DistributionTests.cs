extern alias api;
using Chronology.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Tests;

/// <summary>The API as it runs in production (Balanced), not in the solo mode the other fixtures use.</summary>
public sealed class DistributionFixture : WorkerFixture
{
    protected override bool ApiInSoloMode => false;
}

/// <summary>
/// Two workers share the projections (Wolverine's managed distribution); the API takes none. Jobs that act on a
/// projection run on the worker that runs its agent (<see cref="RebuildOnOwnerTests"/>).
/// </summary>
public sealed class DistributionTests(DistributionFixture chronology) : IClassFixture<DistributionFixture>
{
    private static readonly string[] Projections = ["records", "revisions", "changes", "log"];

    [Fact]
    public async Task Two_workers_both_run_projections_each_projection_on_one_of_them_and_the_api_on_none()
    {
        var second = await chronology.StartAnotherWorker();
        await WorkerFixture.Eventually(() => Task.FromResult(Split(chronology.Worker, second)),
            "each worker runs some of the projections and every projection runs on exactly one worker");

        var api = chronology.Api.Services.GetRequiredService<IWolverineRuntime>();
        Assert.Equal(DurabilityMode.Balanced, api.Options.Durability.Mode);
        Assert.DoesNotContain(api.Agents.AllRunningAgentUris(), uri => uri.Scheme == EventSubscriptionAgentFamily.SchemeName);
        Assert.Null(chronology.Api.Services.GetService<IEventSubscriptionAgentFamily>());
        // The workers' cluster (its node table in the store's schema) has the two workers as its nodes, not the API.
        var nodes = await Nodes();
        Assert.Equal(2, nodes.Count);
        Assert.DoesNotContain(api.Options.UniqueNodeId, nodes);
    }

    [Fact]
    public async Task Connections_ask_the_server_for_keepalives_so_a_vanished_worker_loses_its_locks()
    {
        await using var connection = chronology.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand("select current_setting('tcp_keepalives_idle') || '/' || current_setting('tcp_keepalives_interval') || '/' || current_setting('tcp_keepalives_count')", connection);
        Assert.Equal("5/2/3", await show.ExecuteScalarAsync());
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(connection.ConnectionString).KeepAlive);
    }

    public static bool Split(IHost first, IHost second)
    {
        var one = Agents(first).Running;
        var other = Agents(second).Running;
        return one.Count > 0 && other.Count > 0 && one.Intersect(other).Any() is false &&
               one.Concat(other).Order().SequenceEqual(Projections.Order());
    }

    public static bool Runs(IHost worker, string projection) => Agents(worker).Running.Contains(projection);

    private static ProjectionAgents Agents(IHost worker) => worker.Services.GetRequiredService<ProjectionAgents>();

    private async Task<List<Guid>> Nodes()
    {
        await using var connection = new NpgsqlConnection(chronology.Connection);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand($"select id from {chronology.Schema}.wolverine_nodes", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var nodes = new List<Guid>();
        while (await reader.ReadAsync()) nodes.Add(reader.GetGuid(0));
        return nodes;
    }
}
