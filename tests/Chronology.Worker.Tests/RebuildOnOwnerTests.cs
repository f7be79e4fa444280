using Chronology.Domain.Operations;
using Chronology.Worker.Jobs;
using JasperFx.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wolverine.Runtime;

namespace Chronology.Worker.Tests;

public sealed class RebuildOnOwnerFixture : WorkerFixture;

/// <summary>Two workers share the projections; a rebuild runs on the worker that runs the projection's agent.</summary>
public sealed class RebuildOnOwnerTests(RebuildOnOwnerFixture chronology) : IClassFixture<RebuildOnOwnerFixture>
{
    [Fact]
    public async Task A_rebuild_taken_by_a_worker_without_the_projection_is_run_by_its_owner_without_the_owner_polling_the_queue()
    {
        var second = await chronology.StartAnotherWorker();
        await WorkerFixture.Eventually(() => Task.FromResult(DistributionTests.Split(chronology.Worker, second)), "the projections are split");
        var owner = DistributionTests.Runs(chronology.Worker, "revisions") ? chronology.Worker : second;

        // The owner does not poll the queue, so it cannot win the job there: only the other worker's hint brings it.
        var ownerQueue = Listener(owner);
        await ownerQueue.StopAndDrainAsync();
        try
        {
            var queued = await chronology.Post("/admin/projections/revisions/rebuild");
            Assert.Equal(202, queued.Status);
            var done = await chronology.Finished(queued.Location!, 1.Minutes());
            Assert.Equal(done["total"]!.GetValue<long>(), done["processed"]!.GetValue<long>());
            // The queue's message, handed back meanwhile, finds the job done and ends: nothing is left going round.
            await WorkerFixture.Eventually(async () => await JobMessagesLeft() == 0, "the job's message has left the queue");
            // Going round is how the job reaches its owner, not a failure: no worker logged it as a failed attempt.
            Assert.DoesNotContain(chronology.LoggedProblems, logged => logged.Exception is JobNotRunnableHere);
        }
        finally
        {
            await ownerQueue.StartAsync();
        }
        // The agent runs on after its rebuild, where it ran.
        Assert.True(DistributionTests.Runs(owner, "revisions"));
    }

    private async Task<long> JobMessagesLeft()
    {
        await using var database = new NpgsqlConnection(chronology.Connection);
        await database.OpenAsync();
        await using var count = new NpgsqlCommand($"""
            select (select count(*) from {chronology.Schema}.wolverine_queue_{IJobMessage.Queue})
                 + (select count(*) from {chronology.Schema}.wolverine_queue_{IJobMessage.Queue}_scheduled)
            """, database);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static Wolverine.Transports.IListeningAgent Listener(IHost worker) =>
        worker.Services.GetRequiredService<IWolverineRuntime>().Endpoints.FindListeningAgent(IJobMessage.Queue)
        ?? throw new InvalidOperationException("The worker does not listen to the jobs queue.");
}
