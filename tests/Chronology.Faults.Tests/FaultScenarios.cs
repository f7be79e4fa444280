using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Chronology.Faults.Tests;

/// <summary>
/// The faults the README's guarantees are about, each injected into a real API, worker and PostgreSQL on loopback:
/// clients that hang up mid-edit, a PostgreSQL crash under load, kill -9 of the worker (while it projects, and while it
/// rebuilds) and of the API. After each: no 5xx but 503-with-Retry-After, every acknowledged write in the events once
/// and in every view, no projection stopped, and the views equal a fresh rebuild.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Faults")]
public sealed class FaultScenarios(FaultPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Clients_that_hang_up_mid_edit_stop_no_view_and_their_retries_replay_the_edit_once()
    {
        var report = new FaultReport(output, "hung-up clients");
        await using var cluster = await Cluster.Start(postgres, "hangups");
        var records = await cluster.CreateRecords(4);
        var patient = new Writers(cluster.Api.Url, records, "patient");
        using var stopPatient = new CancellationTokenSource();
        var patientRun = patient.Run(2, stopPatient.Token);

        // 400 edits whose clients close the connection after 50 ms, 8 at a time: the issue's reproduction.
        var hungUp = new Answers();
        using (var impatient = Writers.Client(cluster.Api.Url))
        {
            impatient.Timeout = TimeSpan.FromMilliseconds(50);
            await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                try
                {
                    using var answer = await impatient.SendAsync(Writers.Outcome(records[i % records.Count], $"hangup-{i}", $"hung up {i}"));
                    hungUp.Count(((int)answer.StatusCode).ToString());
                }
                catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
                {
                    hungUp.Count(Answers.Of(failure));
                }
            });
        }
        await stopPatient.CancelAsync();
        await patientRun;

        // Each hung-up client retries with its key: the edit it started is answered (replayed if it was stored), once.
        var retried = new Answers();
        var acknowledged = patient.Acknowledged.ToList();
        using (var http = Writers.Client(cluster.Api.Url))
            for (var i = 0; i < 400; i++)
            {
                using var answer = await http.SendAsync(Writers.Outcome(records[i % records.Count], $"hangup-{i}", $"hung up {i}"));
                retried.Count(((int)answer.StatusCode).ToString());
                Assert.True(answer.IsSuccessStatusCode, $"retry of hangup-{i}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
                acknowledged.Add(new Acknowledged(records[i % records.Count], body["revision"]!.GetValue<int>(), $"hangup-{i}"));
            }

        report.Line($"400 edits hung up after 50 ms: {hungUp}; their retries with the same key: {retried}; patient writers beside them: {patient.Answers}");
        Assert.Equal(0, hungUp.Broken + retried.Broken + patient.Answers.Broken);
        await Verify(cluster, acknowledged, report);
    }

    [Fact]
    public async Task A_PostgreSQL_crash_under_load_answers_503_with_Retry_After_and_loses_no_acknowledged_write()
    {
        var report = new FaultReport(output, "PostgreSQL restart");
        await using var cluster = await Cluster.Start(postgres, "restart");
        var records = await cluster.CreateRecords(8);
        var writers = new Writers(cluster.Api.Url, records, "restart");
        var reads = new Answers();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(writers.Run(8, stop.Token), Read(cluster.Api.Url, records, reads, stop.Token));

        await Task.Delay(TimeSpan.FromSeconds(3));
        var sentBefore = writers.Sent;
        var away = await postgres.CrashAndRestart();
        var back = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;
        var caughtUp = await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));

        report.Line($"pg_ctl restart -m immediate under 8 writers and 1 reader: PostgreSQL away {away.TotalSeconds:0.00} s; " +
                    $"views caught up {(back.Elapsed - TimeSpan.FromSeconds(4) + caughtUp).TotalSeconds:0.00} s after it was back " +
                    $"(the load stopped 4 s after); writes: {writers.Answers} ({writers.Acknowledged.Count} acknowledged, {sentBefore} sent before the crash); reads: {reads}");
        Assert.Equal(0, writers.Answers.Broken + reads.Broken);
        await Verify(cluster, writers.Acknowledged.ToList(), report);
    }

    [Fact]
    public async Task Killing_the_worker_while_it_projects_loses_nothing_and_a_new_worker_carries_on()
    {
        var report = new FaultReport(output, "kill -9 worker (live)");
        await using var cluster = await Cluster.Start(postgres, "workerlive");
        var records = await cluster.CreateRecords(4);
        var writers = new Writers(cluster.Api.Url, records, "workerlive");
        using var stop = new CancellationTokenSource();
        var load = writers.Run(6, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.KillWorker();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var restarted = Stopwatch.StartNew();
        await cluster.StartWorkerAgain();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await load;
        var caughtUp = restarted.Elapsed + await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));

        report.Line($"kill -9 of the worker under 6 writers, a new worker 1 s later: writes {writers.Answers}; " +
                    $"views caught up {caughtUp.TotalSeconds:0.00} s after the new worker started");
        Assert.Equal(0, writers.Answers.Broken);
        await Verify(cluster, writers.Acknowledged.ToList(), report);
    }

    [Fact]
    public async Task Killing_the_worker_mid_rebuild_never_takes_a_record_offline_and_the_rebuild_finishes()
    {
        var report = new FaultReport(output, "kill -9 worker (rebuild)");
        await using var cluster = await Cluster.Start(postgres, "workerrebuild");
        var records = await cluster.CreateRecords(40);
        var acknowledged = await Backfill(cluster.Api.Url, records, outcomes: 100);
        await cluster.Views.CaughtUp(TimeSpan.FromSeconds(120));

        // Readers of every record while records and revisions are rebuilt and the worker doing it is killed.
        var reads = new Answers();
        var regressions = 0;
        var latest = acknowledged.GroupBy(write => write.RecordId).ToDictionary(group => group.Key, group => group.Max(write => write.Revision));
        using var stopReading = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            using var http = Writers.Client(cluster.Api.Url);
            while (!stopReading.IsCancellationRequested)
                foreach (var (record, revision) in latest)
                {
                    using var answer = await http.GetAsync($"/records/{record}");
                    reads.Count(((int)answer.StatusCode).ToString());
                    if (answer.IsSuccessStatusCode && (await answer.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<int>() < revision)
                        Interlocked.Increment(ref regressions);
                }
        });

        using var admin = cluster.Views.Admin();
        var jobs = new List<string>();
        foreach (var projection in new[] { "records", "revisions" })
            jobs.Add((await admin.PostAsync($"/admin/projections/{projection}/rebuild", null)).Headers.Location!.ToString());
        var running = Stopwatch.StartNew();
        while ((await admin.GetFromJsonAsync<JsonObject>(jobs[1]))!["state"]!.GetValue<string>() != "running")
        {
            Assert.True(running.Elapsed < TimeSpan.FromSeconds(60), "the revisions rebuild never started");
            await Task.Delay(20);
        }
        var processed = (await admin.GetFromJsonAsync<JsonObject>(jobs[1]))!["processed"]!.GetValue<long>();
        await cluster.KillWorker();
        await cluster.StartWorkerAgain();
        var finished = Stopwatch.StartNew();
        foreach (var job in jobs) await Views.Finished(admin, job, TimeSpan.FromMinutes(3));
        await stopReading.CancelAsync();
        await reading;

        report.Line($"rebuilds of records and revisions over {acknowledged.Count} revisions, the worker killed with the revisions rebuild " +
                    $"running (at {processed} events): both done {finished.Elapsed.TotalSeconds:0.00} s after a new worker started; " +
                    $"reads of every record meanwhile: {reads}, {regressions} older than the revision acknowledged");
        Assert.Equal(0, reads.Of("404") + reads.Broken + regressions);
        await Verify(cluster, acknowledged, report);
    }

    [Fact]
    public async Task Killing_the_API_mid_write_loses_no_acknowledged_write()
    {
        var report = new FaultReport(output, "kill -9 API");
        await using var cluster = await Cluster.Start(postgres, "api");
        var records = await cluster.CreateRecords(4);
        var writers = new Writers(cluster.Api.Url, records, "api");
        using var stop = new CancellationTokenSource();
        var load = writers.Run(8, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.KillApi();
        var down = Stopwatch.StartNew();
        await cluster.StartApiAgain();
        var restart = down.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await load;

        report.Line($"kill -9 of the API under 8 writers, a new API on the same port ({restart.TotalSeconds:0.00} s to ready): writes {writers.Answers}");
        Assert.Equal(0, writers.Answers.Broken);
        await Verify(cluster, writers.Acknowledged.ToList(), report);
    }

    /// <summary>After the fault: caught up, every acknowledged write shown, healthy, and the views equal a fresh rebuild.</summary>
    private static async Task Verify(Cluster cluster, IReadOnlyCollection<Acknowledged> acknowledged, FaultReport report)
    {
        var views = cluster.Views;
        await views.CaughtUp(TimeSpan.FromSeconds(60));
        await views.AssertShow(acknowledged);
        Assert.Equal("Healthy", await views.Health());
        var live = await views.Checksums();
        var rebuilding = Stopwatch.StartNew();
        await views.RebuildAll();
        await views.CaughtUp(TimeSpan.FromSeconds(60));
        Assert.Equal(live, await views.Checksums());
        report.Line($"{acknowledged.Count} acknowledged writes all in the events once and in the three views; 0 projections stopped; " +
                    $"the views equal a fresh rebuild ({string.Join(", ", live.Select(sum => $"{sum.Key}: {sum.Value.Split(' ')[1]} documents"))}; " +
                    $"rebuilt in {rebuilding.Elapsed.TotalSeconds:0.0} s)");
    }

    private static async Task Read(Uri api, IReadOnlyList<Guid> records, Answers answers, CancellationToken stop)
    {
        using var http = Writers.Client(api);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var answer = await http.GetAsync($"/records/{records[i % records.Count]}");
                answers.Count(((int)answer.StatusCode).ToString());
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                answers.Count(Answers.Of(failure));
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Many outcomes per record, 50 to a revision, through /edits: a few thousand events in a few seconds.</summary>
    private static async Task<List<Acknowledged>> Backfill(Uri api, IReadOnlyList<Guid> records, int outcomes)
    {
        using var http = Writers.Client(api);
        var acknowledged = new List<Acknowledged>();
        foreach (var record in records)
            for (var batch = 0; batch < outcomes / 50; batch++)
            {
                var key = $"backfill-{record}-{batch}";
                var commands = new JsonArray(Enumerable.Range(0, 50).Select(i => (JsonNode)new JsonObject
                {
                    ["command"] = "addOutcome",
                    ["body"] = new JsonObject { ["text"] = new JsonObject { ["en"] = $"outcome {batch}-{i}" } },
                }).ToArray());
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/records/{record}/edits")
                {
                    Content = JsonContent.Create(new JsonObject { ["comment"] = "backfill", ["commands"] = commands }),
                    Headers = { { "Idempotency-Key", key } },
                };
                using var answer = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                acknowledged.Add(new Acknowledged(record, (await answer.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<int>(), key));
            }
        return acknowledged;
    }
}
