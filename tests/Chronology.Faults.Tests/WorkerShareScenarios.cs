using System.Diagnostics;
using Chronology.Domain;
using Npgsql;
using Xunit.Abstractions;

namespace Chronology.Faults.Tests;

/// <summary>Three workers sharing the projections (Wolverine's managed distribution), one killed under load.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Faults")]
public sealed class WorkerShareScenarios(FaultPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_one_of_three_workers_under_load_hands_its_projections_to_the_others_and_loses_nothing()
    {
        var report = new FaultReport(output, "kill -9 of one of three workers");
        await using var cluster = await Cluster.Start(postgres, "workershare");
        await using var second = await ChronologyProcess.StartWorker(cluster.Connection, cluster.Log("worker-second"));
        await using var third = await ChronologyProcess.StartWorker(cluster.Connection, cluster.Log("worker-third"));
        var records = await cluster.CreateRecords(4);
        // The first worker took every projection alone, then handed some to the others as they joined: it is killed.
        var spread = await Eventually(async () => (await ProjectionsPerWorker(cluster)) is { Count: >= 2 } split && split[0] > 0 ? split : null);

        var writers = new Writers(cluster.Api.Url, records, "workershare");
        using var stop = new CancellationTokenSource();
        var load = writers.Run(6, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.KillWorker();
        var killed = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;
        var caughtUp = await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));
        var afterKill = killed.Elapsed;
        var after = await ProjectionsPerWorker(cluster);

        report.Line($"three workers sharing the projections ({string.Join("/", spread)} per worker, the first killed), kill -9 of the first under 6 writers, " +
                    $"4 s more: writes {writers.Answers}; views caught up {caughtUp.TotalSeconds:0.00} s after the load stopped " +
                    $"({afterKill.TotalSeconds:0.00} s after the kill); projections then {string.Join("/", after)} on the survivors");
        Assert.Equal(0, writers.Answers.Broken);
        Assert.Equal(4, after.Sum());
        await FaultScenarios.Verify(cluster, writers.Acknowledged.ToList(), report);
    }

    /// <summary>Projection agents per live Wolverine node, the first-started node first (the cluster's first worker).</summary>
    private static async Task<List<int>> ProjectionsPerWorker(Cluster cluster)
    {
        await using var database = new NpgsqlConnection(cluster.Connection);
        await database.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select count(a.id) from {ChronologyStore.DefaultSchema}.wolverine_nodes n
            left join {ChronologyStore.DefaultSchema}.wolverine_node_assignments a on a.node_id = n.id and a.id like 'event-subscriptions:%'
            where n.health_check > now() - interval '2 seconds'
            group by n.id, n.started order by n.started
            """, database);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new List<int>();
        while (await reader.ReadAsync()) counts.Add((int)reader.GetInt64(0));
        return counts;
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> attempt) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await attempt() is { } done) return done;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "still not the case after 60 s");
            await Task.Delay(200);
        }
    }
}
