using JasperFx.Core;
using Marten.Events;

namespace Chronology.Worker.Tests;

public sealed class IdleHealthFixture : WorkerFixture;

/// <summary>What an operator sees while nothing is written: a worker that runs every projection is reported running, throughout.</summary>
public sealed class IdleHealthTests(IdleHealthFixture chronology) : IClassFixture<IdleHealthFixture>
{
    [Fact]
    public async Task An_idle_worker_s_projections_stay_running_and_the_API_stays_healthy()
    {
        var created = await chronology.Post("/records", """{"kind":"talks","title":{"en":"Inter-Korean general-level talks"}}""", key: WorkerFixture.EditorKey);
        Assert.Equal(201, created.Status);
        await chronology.Worker.WaitForNonStaleProjectionDataAsync(1.Minutes());
        await WorkerFixture.Eventually(async () => (await chronology.Get("/health")).Json!["status"]!.GetValue<string>() == "Healthy", "/health healthy once caught up");

        // Idle agents beat every 10 s and a beat can wait a round before it is stored (ProjectionTuning.Silence): over
        // three rounds, every answer must still say running. Stored heartbeats judged by a shorter silence flapped to
        // "unassigned" for 5 s of every 10.
        var watched = System.Diagnostics.Stopwatch.StartNew();
        var answers = 0;
        while (watched.Elapsed < 32.Seconds())
        {
            var health = (await chronology.Get("/health")).Json!;
            Assert.True(health["status"]!.GetValue<string>() == "Healthy", $"after {watched.Elapsed.TotalSeconds:0.0} s idle: {health.ToJsonString()}");
            var projections = (await chronology.Get("/admin/projections")).Json!["items"]!.AsArray();
            Assert.All(projections, item => Assert.Equal("running", item!["state"]!.GetValue<string>()));
            answers++;
            await Task.Delay(500);
        }
        // Enough answers to have seen every round of beats, however slow the machine (about 60 when it is quiet).
        Assert.True(answers >= 20, $"only {answers} answers in {watched.Elapsed}");
    }
}
