using Chronology.Worker.Cluster;
using Chronology.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chronology.Worker.Tests;

/// <summary>Workers told how many of them to expect, as the deploy checks run them.</summary>
public sealed class ExpectedWorkersFixture : WorkerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings =>
        [new(ProjectionDistribution.WorkersSetting, "3")];
}

/// <summary>
/// Started one after the other, three workers without <see cref="ProjectionDistribution.WorkersSetting"/> end 2/2/0: the first
/// takes every projection at once and the third, joining later, is given none. Told to expect three, the leader waits
/// for them, so each runs a share and none takes over a dead worker's projections cold.
/// </summary>
public sealed class ExpectedWorkersTests(ExpectedWorkersFixture chronology) : IClassFixture<ExpectedWorkersFixture>
{
    private static readonly string[] Projections = ["records", "revisions", "changes", "log"];

    [Fact]
    public async Task Three_expected_workers_started_one_after_the_other_each_run_a_share_of_the_projections()
    {
        IHost[] workers = [chronology.Worker, await chronology.StartAnotherWorker(), await chronology.StartAnotherWorker()];

        await WorkerFixture.Eventually(() => Task.FromResult(EachRunsAShare(workers)),
            "each of the three workers runs some of the projections and every projection runs on exactly one of them");
    }

    private static bool EachRunsAShare(IHost[] workers)
    {
        var running = workers.Select(worker => worker.Services.GetRequiredService<ProjectionAgents>().Running).ToList();
        return running.All(share => share.Count > 0) &&
               running.SelectMany(share => share).Order().SequenceEqual(Projections.Order());
    }
}
