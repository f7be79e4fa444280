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
                    hungUp.Count(answer);
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
                retried.Count(answer);
                Assert.True(answer.IsSuccessStatusCode, $"retry of hangup-{i}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
                acknowledged.Add(new Acknowledged(records[i % records.Count], body["revision"]!.GetValue<int>(), $"hangup-{i}"));
            }

        report.Line($"400 edits hung up after 50 ms: {hungUp}; their retries with the same key: {retried}; patient writers beside them: {patient.Answers}; " +
                    $"tombstones Marten wrote for appends that did not commit: {await cluster.Views.Tombstones()}");
        Assert.Equal(0, hungUp.Broken + retried.Broken + patient.Answers.Broken);
        await Verify(cluster, acknowledged, report);
    }

    [Fact]
    public async Task A_PostgreSQL_crash_under_load_answers_503_with_Retry_After_and_loses_no_acknowledged_write()
    {
        var report = new FaultReport(output, "PostgreSQL restart");
        await using var cluster = await Cluster.Start(postgres, "restart");
        var records = await cluster.CreateRecords(8);
        await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));
        var writers = new Writers(cluster.Api.Url, records, "restart");
        var reads = new Answers();
        var readiness = new Answers(unavailableSaysWhenToRetry: false);
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(
            writers.Run(8, stop.Token),
            Read(cluster.Api.Url, i => $"/records/{records[i % records.Count]}", reads, stop.Token),
            Read(cluster.Api.Url, _ => "/health/ready", readiness, stop.Token));

        await Task.Delay(TimeSpan.FromSeconds(3));
        var sentBefore = writers.Sent;
        // Down for longer than an edit is tried again (about 3 s), so that edits meet the 503 too.
        var away = await postgres.CrashFor(TimeSpan.FromSeconds(5));
        var back = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;
        var caughtUp = await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));

        report.Line($"pg_ctl stop -m immediate under 8 writers and 1 reader, started again 5 s later: PostgreSQL away {away.TotalSeconds:0.00} s; " +
                    $"views caught up {(back.Elapsed - TimeSpan.FromSeconds(4) + caughtUp).TotalSeconds:0.00} s after it was back " +
                    $"(the load stopped 4 s after); writes: {writers.Answers} ({writers.Acknowledged.Count} acknowledged, {sentBefore} sent before the crash); " +
                    $"reads: {reads}; /health/ready meanwhile: {readiness}");
        Assert.Equal(0, writers.Answers.Broken + reads.Broken + reads.Of("404"));
        Assert.True(readiness.Where(answer => answer != "200") > 0, $"/health/ready never said not-ready while PostgreSQL was away: {readiness}");
        Assert.True(writers.Answers.Of("503") > 0, $"no edit was answered 503 while PostgreSQL was away: {writers.Answers}");
        using (var http = Writers.Client(cluster.Api.Url))
            Assert.True((await http.GetAsync("/health/ready")).IsSuccessStatusCode, "/health/ready is not ready again after PostgreSQL came back");
        await Verify(cluster, writers.Acknowledged.ToList(), report);
    }

    [Fact]
    public async Task Connections_dropped_over_and_over_leave_no_view_waiting_once_they_hold()
    {
        var report = new FaultReport(output, "dropped connections");
        await using var cluster = await Cluster.Start(postgres, "drops");
        var records = await cluster.CreateRecords(4);
        await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));
        var writers = new Writers(cluster.Api.Url, records, "drops");
        using var stop = new CancellationTokenSource();
        var load = writers.Run(4, stop.Token);

        // Every connection to the chronology's database cut about twice a second for a minute, under 4 writers: each cut
        // fails the projections working at that instant, and each failure is one more restart of theirs.
        var storm = Stopwatch.StartNew();
        var (cuts, dropped) = (0, 0);
        while (storm.Elapsed < TimeSpan.FromSeconds(60))
        {
            dropped += await postgres.DropConnections(cluster.Database);
            cuts++;
            await Task.Delay(250);
        }
        await stop.CancelAsync();
        await load;
        var caughtUp = await cluster.Views.CaughtUp(TimeSpan.FromSeconds(120));

        report.Line($"every connection cut {cuts} times in 60 s under 4 writers ({dropped} connections): writes {writers.Answers}; " +
                    $"views caught up {caughtUp.TotalSeconds:0.00} s after the last cut");
        Assert.Equal(0, writers.Answers.Broken);
        // A projection's restarts back off, but never longer than ProjectionDistribution.RestartAfterFailureAtMost (5 s);
        // with Wolverine's default ceiling of 5 minutes, a storm of 40 s left the log's view waiting 16 s for its seventh restart.
        Assert.True(caughtUp < TimeSpan.FromSeconds(10), $"the views caught up only {caughtUp.TotalSeconds:0.0} s after the last cut");
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
        // 40,000 events: the revisions rebuild must outlast its first progress report (every 500 ms) by seconds, or the
        // worker is not killed mid-rebuild (10,000 events were rebuilt before the first report once the view got faster).
        var acknowledged = await Backfill(cluster.Api.Url, records, outcomes: 1000);
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
                    reads.Count(answer);
                    if (answer.IsSuccessStatusCode && (await answer.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<int>() < revision)
                        Interlocked.Increment(ref regressions);
                }
        });

        using var admin = cluster.Views.Admin();
        var jobs = new List<string>();
        foreach (var projection in new[] { "records", "revisions" })
            jobs.Add((await admin.PostAsync($"/admin/projections/{projection}/rebuild", null)).Headers.Location!.ToString());
        // Killed once the revisions rebuild has made progress, so the new worker takes over a view half rebuilt.
        var running = Stopwatch.StartNew();
        long processed;
        while (true)
        {
            var job = (await admin.GetFromJsonAsync<JsonObject>(jobs[1]))!;
            processed = job["processed"]?.GetValue<long>() ?? 0;
            if (job["state"]!.GetValue<string>() == "running" && processed > 0) break;
            Assert.NotEqual("done", job["state"]!.GetValue<string>());
            Assert.True(running.Elapsed < TimeSpan.FromSeconds(90), "the revisions rebuild never made progress");
            await Task.Delay(20);
        }
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
    public async Task A_projection_that_fails_on_an_event_is_reported_and_an_admin_skip_gets_every_view_moving_again()
    {
        var report = new FaultReport(output, "projection failure, retried and skipped");
        await using var cluster = await Cluster.Start(postgres, "poisoned");
        var records = await cluster.CreateRecords(3);
        await cluster.Views.CaughtUp(TimeSpan.FromSeconds(60));
        var views = cluster.Views;
        using var admin = views.Admin();

        // An event no projection can fold, then writes to the other records behind it: acknowledged, but held up.
        var poisoned = await views.Poison(records[0]);
        var sincePoisoned = Stopwatch.StartNew();
        var writers = new Writers(cluster.Api.Url, records.Skip(1).ToList(), "poisoned");
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await writers.Run(2, stop.Token);
        await Eventually(async () => (await views.States()).Values.All(state => state == ("faulted", poisoned)));
        var stopped = sincePoisoned.Elapsed;
        var health = (await admin.GetFromJsonAsync<JsonObject>("/health"))!;
        Assert.Equal("Degraded", health["status"]!.GetValue<string>());
        Assert.Contains($"records is faulted at event {poisoned}", health.ToJsonString());
        Assert.True((await admin.GetAsync("/health/ready")).IsSuccessStatusCode, "a stalled view must not make the API unready");

        // A retry runs the projection again at once; the event still cannot be folded, so it stops on it again.
        var retry = await admin.PostAsync("/admin/projections/records/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await Views.Finished(admin, retry.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        await Eventually(async () => (await views.States())["records"] == ("faulted", poisoned));

        // Skipping that one event, with a reason, gets every projection past it; the audit record says who and why.
        var skipping = Stopwatch.StartNew();
        var skip = await admin.PostAsJsonAsync("/admin/projections/records/skip", new { sequence = poisoned, reason = "written behind the API's back" });
        Assert.Equal(HttpStatusCode.Accepted, skip.StatusCode);
        await Views.Finished(admin, skip.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        var caughtUp = skipping.Elapsed + await views.CaughtUp(TimeSpan.FromSeconds(60));
        var audit = (await admin.GetFromJsonAsync<JsonObject>(skip.Headers.Location!.ToString()))!;
        Assert.Equal("title_revised.v1", audit["eventType"]!.GetValue<string>());
        Assert.Equal("written behind the API's back", audit["reason"]!.GetValue<string>());
        Assert.Equal("admin", audit["requestedBy"]!.GetValue<string>());
        var record = (await admin.GetFromJsonAsync<JsonObject>($"/records/{records[0]}"))!;
        Assert.Equal(1, record["revision"]!.GetValue<int>());
        Assert.Equal("2018 US–DPRK summit 0", record["title"]!["en"]!.GetValue<string>());

        report.Line($"an event no projection can fold at sequence {poisoned}: all three projections reported faulted on it {stopped.TotalSeconds:0.00} s after it was stored (2 s of writes behind it in between), " +
                    $"/health Degraded naming them, /health/ready still 200; a retry faulted again on the same event; after the skip " +
                    $"every view caught up in {caughtUp.TotalSeconds:0.00} s; writes behind it: {writers.Answers}");
        Assert.Equal(0, writers.Answers.Broken);
        await Verify(cluster, writers.Acknowledged.ToList(), report);
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
    internal static async Task Verify(Cluster cluster, IReadOnlyCollection<Acknowledged> acknowledged, FaultReport report)
    {
        var views = cluster.Views;
        await views.CaughtUp(TimeSpan.FromSeconds(60));
        await views.AssertShow(acknowledged);
        await views.AssertHealthy();
        var live = await views.Checksums();
        var rebuilding = Stopwatch.StartNew();
        await views.RebuildAll();
        await views.CaughtUp(TimeSpan.FromSeconds(60));
        Assert.Equal(live, await views.Checksums());
        report.Line($"{acknowledged.Count} acknowledged writes all in the events once and in the three views; 0 projections stopped; " +
                    $"the views equal a fresh rebuild ({string.Join(", ", live.Select(sum => $"{sum.Key}: {sum.Value.Split(' ')[1]} documents"))}; " +
                    $"rebuilt in {rebuilding.Elapsed.TotalSeconds:0.0} s)");
    }

    /// <summary>Waits for something the worker does by itself; returns how long it took.</summary>
    private static async Task<TimeSpan> Eventually(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "still not the case after 60 s");
            await Task.Delay(100);
        }
        return waited.Elapsed;
    }

    private static async Task Read(Uri api, Func<int, string> path, Answers answers, CancellationToken stop)
    {
        using var http = Writers.Client(api);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var answer = await http.GetAsync(path(i));
                answers.Count(answer);
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
