using Chronology.Worker.Cluster;
using Npgsql;

namespace Chronology.Worker.Tests;

/// <summary>The workers' agent commands over Wolverine's TCP control endpoint on loopback, as the deploy checks run them.</summary>
public sealed class LoopbackControlFixture : WorkerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings =>
        [new(ProjectionDistribution.LoopbackControlSetting, "true")];
}

/// <summary>
/// With <see cref="ProjectionDistribution.LoopbackControlSetting"/> each worker registers a TCP control address, and the
/// leader starts projections on the other worker through it: the split can only happen if its commands arrive.
/// </summary>
public sealed class LoopbackControlTests(LoopbackControlFixture chronology) : IClassFixture<LoopbackControlFixture>
{
    [Fact]
    public async Task The_leader_gives_the_other_worker_its_projections_over_loopback_tcp()
    {
        var second = await chronology.StartAnotherWorker();
        await WorkerFixture.Eventually(() => Task.FromResult(DistributionTests.Split(chronology.Worker, second)),
            "each worker runs some of the projections and every projection runs on exactly one worker");

        var addresses = await ControlAddresses();
        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, address => Assert.StartsWith("tcp://localhost:", address));
    }

    private async Task<List<string>> ControlAddresses()
    {
        await using var connection = new NpgsqlConnection(chronology.Connection);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand($"select uri from {chronology.Schema}.wolverine_nodes", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var addresses = new List<string>();
        while (await reader.ReadAsync()) addresses.Add(reader.GetString(0));
        return addresses;
    }
}
