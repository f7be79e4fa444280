using Chronology.Worker.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Runtime;

namespace Chronology.Worker.Tests;

/// <summary>The workers' agent commands over Wolverine's TCP control endpoint on loopback, as the deploy checks run them.</summary>
public sealed class LoopbackControlFixture : WorkerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings =>
        [new(ProjectionDistribution.LoopbackControlSetting, "true")];
}

/// <summary>
/// With <see cref="ProjectionDistribution.LoopbackControlSetting"/> each worker listens for agent commands on loopback TCP, and the
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

        foreach (var worker in new[] { chronology.Worker, second })
        {
            var control = worker.Services.GetRequiredService<IWolverineRuntime>().Options.Transports.NodeControlEndpoint!.Uri;
            Assert.Equal(("tcp", "localhost"), (control.Scheme, control.Host));
        }
    }
}
