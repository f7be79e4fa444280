using System.Diagnostics;
using Xunit.Abstractions;

namespace Chronology.Faults.Tests;

/// <summary>Two APIs behind HAProxy (deploy/haproxy.sh), one killed under load.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Faults")]
public sealed class BalancerScenarios(FaultPostgres postgres, ITestOutputHelper output)
{
    private const int Clients = 8;

    [Fact]
    public async Task Killing_one_of_two_APIs_behind_HAProxy_fails_at_most_the_requests_in_flight_and_loses_no_acknowledged_write()
    {
        var report = new FaultReport(output, "kill -9 of one of two APIs behind HAProxy");
        await using var cluster = await Cluster.Start(postgres, "balanced");
        await using var second = await ChronologyProcess.StartApi(cluster.Connection, cluster.Log("api-second"));
        await using var balancer = await Balancer.Start(cluster.Api.Url, second.Url);
        var records = await cluster.CreateRecords(4);
        var writers = new Writers(balancer.Url, records, "balanced");
        using var stop = new CancellationTokenSource();
        var load = writers.Run(Clients, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var beforeKill = writers.Acknowledged.Count;
        await cluster.KillApi();
        var killed = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;
        var afterKill = writers.Acknowledged.Count - beforeKill;

        var failed = writers.Answers.Where(answer => !answer.StartsWith('2'));
        report.Line($"{Clients} writers through HAProxy, one of two APIs killed (-9) after 3 s, 4 s more on the other: " +
                    $"answers {writers.Answers}; {failed} failed (each retried with its Idempotency-Key); " +
                    $"{beforeKill} writes acknowledged before the kill, {afterKill} after it");
        // Only what was in flight when the API died can fail: HAProxy sends new requests to the other API at once
        // (a refused connection is retried there) and takes the dead one out after two failed checks.
        Assert.True(failed <= Clients, $"{failed} requests failed, more than the {Clients} that can be in flight");
        Assert.True(afterKill > 0, "no write was acknowledged after the kill");

        await cluster.StartApiAgain();
        await FaultScenarios.Verify(cluster, writers.Acknowledged.ToList(), report);
    }
}
