using Chronology.Domain.Operations;
using JasperFx.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine.Runtime;

namespace Chronology.Worker.Tests;

public sealed class RebuildOnOwnerFixture : WorkerFixture;

/// <summary>Two workers share the projections; a rebuild runs on the worker that runs the projection's agent.</summary>
public sealed class RebuildOnOwnerTests(RebuildOnOwnerFixture chronology) : IClassFixture<RebuildOnOwnerFixture>
{
    [Fact]
    public async Task A_rebuild_taken_by_a_worker_without_the_projection_goes_back_to_the_queue_until_its_owner_runs_it()
    {
        var second = await chronology.StartAnotherWorker();
        await WorkerFixture.Eventually(() => Task.FromResult(DistributionTests.Split(chronology.Worker, second)), "the projections are split");
        var owner = DistributionTests.Runs(chronology.Worker, "revisions") ? chronology.Worker : second;

        // Only the other worker listens while the rebuild is queued: it takes the message and must hand it back.
        var ownerQueue = Listener(owner);
        await ownerQueue.StopAndDrainAsync();
        var queued = await chronology.Post("/admin/projections/revisions/rebuild");
        Assert.Equal(202, queued.Status);
        await Task.Delay(3.Seconds());
        Assert.Equal("queued", (await chronology.Get(queued.Location!)).Json!["state"]!.GetValue<string>());

        await ownerQueue.StartAsync();
        var done = await chronology.Finished(queued.Location!, 1.Minutes());
        Assert.Equal(done["total"]!.GetValue<long>(), done["processed"]!.GetValue<long>());
        // The agent runs on after its rebuild, where it ran.
        await WorkerFixture.Eventually(() => Task.FromResult(DistributionTests.Runs(owner, "revisions")), "the owner runs revisions again");
    }

    private static Wolverine.Transports.IListeningAgent Listener(IHost worker) =>
        worker.Services.GetRequiredService<IWolverineRuntime>().Endpoints.FindListeningAgent(IJobMessage.Queue)
        ?? throw new InvalidOperationException("The worker does not listen to the jobs queue.");
}
