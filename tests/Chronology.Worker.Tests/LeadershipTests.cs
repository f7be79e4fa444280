using Chronology.Domain.Operations;
using JasperFx.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;
using Wolverine.Runtime;

namespace Chronology.Worker.Tests;

public sealed class LeadershipFixture : WorkerFixture;

/// <summary>Two workers: the daemon's leader (HotCold) and a standby. Jobs that touch the daemon run on the leader only.</summary>
public sealed class LeadershipTests(LeadershipFixture chronology) : IClassFixture<LeadershipFixture>
{
    [Fact]
    public async Task A_rebuild_the_standby_takes_goes_back_to_the_queue_until_the_leader_runs_it()
    {
        await WorkerFixture.Eventually(() => Task.FromResult(Leads(chronology.Worker)), "the first worker leads the daemon");
        var standby = await chronology.StartAnotherWorker();
        Assert.False(Leads(standby));

        // Only the standby listens while the rebuild is queued: it takes the message and must hand it back.
        var leaderQueue = Listener(chronology.Worker);
        await leaderQueue.StopAndDrainAsync();
        var queued = await chronology.Post("/admin/projections/revisions/rebuild");
        Assert.Equal(202, queued.Status);
        await Task.Delay(3.Seconds());
        Assert.Equal("queued", (await chronology.Get(queued.Location!)).Json!["state"]!.GetValue<string>());

        await leaderQueue.StartAsync();
        var done = await chronology.Finished(queued.Location!, 1.Minutes());
        Assert.Equal(done["total"]!.GetValue<long>(), done["processed"]!.GetValue<long>());
    }

    private static bool Leads(IHost worker) => worker.Services.GetRequiredService<Jobs.DaemonLeadership>().IsLeader;

    private static Wolverine.Transports.IListeningAgent Listener(IHost worker) =>
        worker.Services.GetRequiredService<IWolverineRuntime>().Endpoints.FindListeningAgent(IJobMessage.Queue)
        ?? throw new InvalidOperationException("The worker does not listen to the jobs queue.");
}
