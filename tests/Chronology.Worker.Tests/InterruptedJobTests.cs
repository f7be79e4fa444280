using System.Text.Json;
using System.Text.Json.Nodes;
using Record = Chronology.Domain.Records.Record;
using Marten;

namespace Chronology.Worker.Tests;

/// <summary>No worker in this process at first: the test runs one as a process, so that it can kill it with SIGKILL.</summary>
public sealed class InterruptedFixture : WorkerFixture
{
    protected override bool StartsWorker => false;
}

public sealed class InterruptedJobTests(InterruptedFixture chronology) : IClassFixture<InterruptedFixture>
{
    // Enough lines for several chunks of the bulk import, so that the worker is killed between two of them.
    private const int Records = 2000;
    private const int OutcomesEach = 5;

    private string statusUrl = "";

    [Fact]
    public async Task An_import_whose_worker_is_killed_mid_run_is_run_again_by_another_worker_to_the_end_with_every_line_applied_once()
    {
        var lines = Enumerable.Range(0, Records).SelectMany(record => new[]
            {
                Line($"r{record}", $"r{record}", "create", new { kind = "talks", title = new { en = $"Talks {record}" } }),
            }.Concat(Enumerable.Range(0, OutcomesEach).Select(outcome =>
                Line($"r{record}-o{outcome}", $"r{record}", "addOutcome", new { text = new { en = $"outcome {outcome}" } }))))
            .ToList();

        await using (var first = WorkerProcess.Start(chronology.Settings))
        {
            var accepted = await chronology.Post("/imports", string.Join('\n', lines), "application/x-ndjson");
            Assert.Equal(202, accepted.Status);
            statusUrl = accepted.Location!;
            // Killed once it has stored some of the lines.
            await WorkerFixture.Eventually(async () => (await Status())["imported"]!.GetValue<int>() > 0,
                $"the worker process never got going: {first.Output}", TimeSpan.FromSeconds(90));
            await first.Kill();
        }
        var interrupted = await Status();
        Assert.Equal("running", interrupted["state"]!.GetValue<string>());
        Assert.InRange(interrupted["imported"]!.GetValue<int>(), 1, lines.Count - 1);

        // Another worker (this process's) gets the job once Wolverine finds the killed one gone, and runs it to the end.
        await chronology.StartWorker();
        var done = await chronology.Finished(statusUrl, TimeSpan.FromMinutes(3));
        Assert.Equal(lines.Count, done["lines"]!.GetValue<int>());
        Assert.Equal(lines.Count, done["imported"]!.GetValue<int>() + done["skipped"]!.GetValue<int>());
        Assert.True(done["skipped"]!.GetValue<int>() >= interrupted["imported"]!.GetValue<int>(), done.ToJsonString());
        Assert.Empty(done["errors"]!.AsArray());

        // Each line went in once: every record has its creation and its outcomes as revisions, and no more.
        await using var session = chronology.Store.QuerySession();
        var written = await session.Query<Record>().ToListAsync();
        Assert.Equal(Records, written.Count);
        Assert.All(written, record => Assert.Equal(1 + OutcomesEach, record.Revision));
    }

    private static string Line(string key, string record, string command, object body) =>
        JsonSerializer.Serialize(new { key, record, command, body });

    private async Task<JsonObject> Status() => (await chronology.Get(statusUrl)).Json!;
}
