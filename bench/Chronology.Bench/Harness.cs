using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chronology.Domain.Views;
using Npgsql;

namespace Chronology.Bench;

/// <summary>Runs every scenario in order, each process in Release on its own port, all against one database.</summary>
public sealed partial class Harness(Settings settings)
{
    public List<Scenario> Scenarios { get; } = [];
    public Dictionary<string, object> Machine { get; } = [];
    private readonly List<string> failed = [];
    private Managed? api, worker;
    private double maxEditThroughput;
    private Guid[] editRecords = [];

    private static void Say(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    public async Task<List<string>> RunAll()
    {
        // Process logs are appended to within a run (restarts keep the earlier output) and start empty at every run.
        if (Directory.Exists(settings.LogFolder))
            foreach (var log in Directory.EnumerateFiles(settings.LogFolder, "*.log")) File.Delete(log);
        await DescribeMachine();
        await Step("coldstart", "7. Cold start (process start to /health/ready)", ColdStart);
        if (api is null || worker is null)
        {
            failed.Add("processes");
            return failed;
        }
        await Step("ceiling", "1. Ceiling: pgbench, one jsonb event row per transaction", Ceiling);
        await Step("peer", "2. Peer: CRUD table updated in place + history trigger (POST /records/{id}/outcomes)", Peer);
        await Step("edits", "3a. Edits spread over many records (POST /records/{id}/outcomes)", Edits);
        await Step("hot", "3b. One hot record: PATCH with If-Match, on 412 retry with the current revision", Hot);
        await Step("lag", "4. Projection lag under steady load at half the maximum edit throughput", Lag);
        await Step("timetravel", "6. Time travel and diff on a record with many revisions", TimeTravel);
        await Step("reads", "8. Current-state reads at 32 clients: 200, 304 on If-None-Match, and the CRUD peer's SELECT by id", Reads);
        await Step("logcost", "9. What the transparency log costs edits: with and without its projection, alternating", LogCost);
        await Step("import", "10. Bulk import: NDJSON through the worker's import command vs psql \\copy, then until the views caught up", Import);
        if (!settings.Quick)
        {
            // The rebuild gets a schema (and an API and a worker) of its own, so that its event count is exactly the one loaded.
            await api.DisposeAsync();
            await worker.DisposeAsync();
        }
        await Step("rebuild", "5. Rebuild: load events through the event store, rebuild each projection via the admin API", Rebuild);
        if (settings.Quick)
        {
            await api.DisposeAsync();
            await worker.DisposeAsync();
        }
        return failed;
    }

    private async Task Step(string key, string title, Func<Scenario, Task> body)
    {
        if (key != "coldstart" && settings.Only is { } only && !only.Contains(key)) return;
        var scenario = new Scenario(key, title);
        Scenarios.Add(scenario);
        Say($"== {title}");
        var clock = Stopwatch.StartNew();
        try
        {
            await body(scenario);
        }
        catch (Exception e)
        {
            failed.Add(key);
            scenario.Notes.Add($"FAILED: {e.GetType().Name}: {e.Message}");
            Say($"FAILED {key}: {e}");
        }
        scenario.Details["scenario seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        Say($"   {key} took {clock.Elapsed.TotalSeconds:F1} s");
    }

    // ---------------------------------------------------------------- machine

    private async Task DescribeMachine()
    {
        Machine["cores"] = Environment.ProcessorCount;
        Machine["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown";
        Machine["memory GiB"] = Math.Round(ProcFs.StatusLikeKiB("/proc/meminfo", "MemTotal") / 1024.0 / 1024.0, 1);
        Machine["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription;
        Machine[".NET"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
        Machine["load average at start"] = File.ReadAllText("/proc/loadavg").Trim();
        await using var connection = new NpgsqlConnection(settings.Connection);
        await connection.OpenAsync();
        Machine["postgresql"] = await Scalar<string>(connection, "select version()");
        foreach (var name in new[] { "shared_buffers", "synchronous_commit", "fsync", "max_connections", "wal_level" })
            Machine[$"pg {name}"] = await Scalar<string>(connection, $"show {name}");
        Machine["other sessions on the server at start"] = await Scalar<long>(connection,
            "select count(*) from pg_stat_activity where datname is not null and datname <> current_database()");
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    // ---------------------------------------------------------------- 7. cold start

    private Managed StartWorker(string schema, int port, string tag) => Managed.Start(
        "worker", settings.WorkerDll, port, settings.ChronologyEnvironment(schema), Path.Combine(settings.LogFolder, $"worker-{tag}.log"));

    private Managed StartApi(string schema, int port, string tag) => Managed.Start(
        "api", settings.ApiDll, port, settings.ChronologyEnvironment(schema), Path.Combine(settings.LogFolder, $"api-{tag}.log"));

    private async Task ColdStart(Scenario scenario)
    {
        // An unmeasured first start of the worker creates the schema; measured starts find it in place.
        if (!settings.Quick)
        {
            Say("   first worker start (creates the schema; not measured)");
            await using var first = StartWorker(Settings.Schema, Settings.WorkerPort, "schema");
            scenario.Details["first worker start, schema creation included (s)"] = Math.Round((await first.WaitReady(TimeSpan.FromSeconds(120))).TotalSeconds, 2);
        }
        else scenario.Notes.Add("Quick mode: the worker's start includes creating the schema.");

        for (var run = 1; run <= settings.ColdStarts; run++)
        {
            var w = StartWorker(Settings.Schema, Settings.WorkerPort, "main");
            var workerReady = await w.WaitReady(TimeSpan.FromSeconds(60));
            var a = StartApi(Settings.Schema, Settings.ApiPort, "main");
            var apiReady = await a.WaitReady(TimeSpan.FromSeconds(60));
            scenario.Add("API: start to /health/ready", "s", apiReady.TotalSeconds);
            scenario.Add("worker: start to /health/ready", "s", workerReady.TotalSeconds);
            Say($"   run {run}: api {apiReady.TotalSeconds:F2} s, worker {workerReady.TotalSeconds:F2} s");
            // The first request also pays for lazy initialisation (route compilation, codegen): time it too.
            using var http = Client(a.Url, 1);
            var firstRead = Stopwatch.StartNew();
            using (await http.GetAsync($"/records/{Guid.CreateVersion7()}")) { }
            scenario.Add("API: first GET /records/{id} after ready", "ms", firstRead.Elapsed.TotalMilliseconds);
            var firstWrite = Stopwatch.StartNew();
            using (var content = Json("""{"kind":"meeting","title":{"en":"Cold start probe"}}"""))
            using (await http.PostAsync("/records", content)) { }
            scenario.Add("API: first POST /records after that", "ms", firstWrite.Elapsed.TotalMilliseconds);
            if (run == settings.ColdStarts)
            {
                api = a;
                worker = w;
            }
            else
            {
                await a.DisposeAsync();
                await w.DisposeAsync();
            }
        }
        scenario.Notes.Add("Release build, `dotnet bin/Release/net10.0/<name>.dll --urls …`, Production environment, schema already in place; " +
                           "the worker is started first, then the API. Ready = first 200 from /health/ready, polled every 10 ms.");
    }

    // ---------------------------------------------------------------- 1. ceiling

    private async Task Ceiling(Scenario scenario)
    {
        var bench = Path.Combine(settings.Repo, "bench/pgbench");
        await using (var connection = new NpgsqlConnection(settings.Connection))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(bench, "schema.sql")), connection);
            await command.ExecuteNonQueryAsync();
        }
        var parts = settings.ConnectionParts;
        foreach (var clients in settings.CeilingClients)
        for (var run = 1; run <= settings.Runs; run++)
        {
            var seconds = (int)Math.Max(1, settings.Duration.TotalSeconds);
            var info = new ProcessStartInfo(settings.PgBench)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "-n", "-M", "prepared", "-c", $"{clients}", "-j", $"{Math.Min(clients, Environment.ProcessorCount)}", "-T", $"{seconds}",
                         "-f", Path.Combine(bench, "append_event.sql"), "-h", parts.Host!, "-p", $"{parts.Port}", "-U", parts.Username!, parts.Database!,
                     })
                info.ArgumentList.Add(arg);
            // pgbench and its backends are gone when the window closes, so only the machine-wide figure means anything here.
            var cpu = Cpu();
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = Regex.Match(output, @"tps = ([\d.]+) \(without initial connection time\)");
            var latency = Regex.Match(output, @"latency average = ([\d.]+) ms");
            if (process.ExitCode != 0 || !tps.Success) throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {errors}{output}");
            scenario.Add($"{clients} clients: transactions/s", "tx/s", Parse(tps.Groups[1].Value));
            scenario.Add($"{clients} clients: latency average", "ms", Parse(latency.Groups[1].Value));
            scenario.Add($"{clients} clients: machine busy (every process)", "cores", cpu.Cores()["machine busy"]);
            Say($"   {clients} clients run {run}: {tps.Groups[1].Value} tx/s");
        }
        scenario.Notes.Add($"`pgbench -n -M prepared -c N -j min(N,cores) -T {(int)Math.Max(1, settings.Duration.TotalSeconds)} -f bench/pgbench/append_event.sql` " +
                           "into an mt_events-shaped table (bench/pgbench/schema.sql) in the benchmark database; synchronous_commit on.");
    }

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- 2. peer

    private async Task Peer(Scenario scenario)
    {
        await using var peer = Managed.Start("peer", settings.PeerDll, Settings.PeerPort,
            new Dictionary<string, string> { ["ConnectionStrings__peer"] = settings.Connection }, Path.Combine(settings.LogFolder, "peer.log"));
        scenario.Details["peer start to ready (s)"] = Math.Round((await peer.WaitReady(TimeSpan.FromSeconds(60))).TotalSeconds, 2);
        var ids = await CreateRecords(peer.Url, settings.Records, scenario);
        await ClosedLevels(scenario, peer, ids, settings.EditClients, "peer");
        scenario.Notes.Add("bench/CrudPeer: ASP.NET Core minimal API, Npgsql, one UPDATE … RETURNING per command (jsonb_set of the outcomes array, " +
                           "revision + 1); an AFTER INSERT OR UPDATE trigger copies each new row version into a history table.");
    }

    // ---------------------------------------------------------------- 3. edits

    private async Task Edits(Scenario scenario)
    {
        var ids = editRecords = await CreateRecords(api!.Url, settings.Records, scenario);
        await ClosedLevels(scenario, api, ids, settings.EditClients, "chronology");
        maxEditThroughput = settings.EditClients.Max(c => scenario.Find($"{c} clients: edits/s")?.Median ?? 0);
        scenario.Details["maximum median edits/s (basis of scenario 4)"] = Math.Round(maxEditThroughput, 1);
        scenario.Notes.Add($"{settings.Records} records created first (POST /records, 32 clients); each client then adds outcomes to random records. " +
                           "The worker runs throughout (it projects the new events while the load runs, as in production).");
    }

    private async Task<Guid[]> CreateRecords(string url, int count, Scenario scenario)
    {
        using var http = Client(url, 32);
        var ids = new ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, _) =>
        {
            using var content = Json($$"""{"kind":"meeting","title":{"en":"Bench record {{n}}"},"tags":["bench"],"comment":"bench"}""");
            using var response = await http.PostAsync("/records", content);
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"POST /records answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids.Add(body.RootElement.GetProperty("id").GetGuid());
        });
        scenario.Add("create: records/s (32 clients, setup)", "req/s", count / clock.Elapsed.TotalSeconds);
        return ids.ToArray();
    }

    private async Task ClosedLevels(Scenario scenario, Managed target, Guid[] ids, int[] levels, string label)
    {
        using (var first = Client(target.Url, 1))
        {
            // The first call of an endpoint may compile its handler: time it apart, then warm up a little.
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                using var content = Json("""{"text":{"en":"Warm-up outcome"}}""");
                using var response = await first.PostAsync($"/records/{ids[i % ids.Length]}/outcomes", content);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"POST /records/{{id}}/outcomes answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                if (i == 0) scenario.Details["first POST /records/{id}/outcomes (ms)"] = Math.Round(clock.Elapsed.TotalMilliseconds);
            }
        }
        foreach (var clients in levels)
        {
            using var http = Client(target.Url, clients);
            for (var run = 1; run <= settings.Runs; run++)
            {
                var diagnose = run == 1 && clients == 32 || settings.Quick && run == 1 && clients == levels.Max();
                var cpu = ProcessCpu(target);
                await using var sampler = diagnose ? new PgSampler(settings.Connection, settings.Database) : null;
                var statements = diagnose ? await StatementStats.Start(settings.Connection, settings.Database) : null;
                var result = await Load.Closed(clients, settings.Warmup, settings.Duration, async (client, n) =>
                {
                    var id = ids[Random.Shared.Next(ids.Length)];
                    using var content = Json($$$"""{"text":{"en":"Outcome {{{client}}}-{{{n}}}"}}""");
                    using var response = await http.PostAsync($"/records/{id}/outcomes", content);
                    return new Outcome(response.StatusCode == HttpStatusCode.OK, (int)response.StatusCode);
                });
                Record(scenario, $"{clients} clients", "edits/s", result);
                var cores = cpu.Cores();
                scenario.Add($"{clients} clients: cores used by everything else on the machine", "cores", cores["everything else"]);
                if (diagnose)
                {
                    scenario.Details[$"cpu cores used at {clients} clients"] = cores;
                    scenario.Details[$"pg_stat_activity at {clients} clients (average active backends by wait)"] = await sampler!.Finish();
                    scenario.Details[$"pg_stat_statements at {clients} clients (server time by statement, warm-up included)"] = statements is null
                        ? "unavailable: the server was started without shared_preload_libraries = 'pg_stat_statements' (restart it with deploy/postgres.sh stop; deploy/postgres.sh start)"
                        : await statements.Top(result.Throughput);
                }
                Say($"   {label} {clients} clients run {run}: {result.Throughput:F0}/s p50 {result.P(50):F1} p99 {result.P(99):F1} ms, errors {result.Errors}");
            }
        }
    }

    private static void Record(Scenario scenario, string prefix, string unit, LoadResult result)
    {
        scenario.Add($"{prefix}: {unit}", unit, result.Throughput);
        scenario.Add($"{prefix}: p50", "ms", result.P(50));
        scenario.Add($"{prefix}: p95", "ms", result.P(95));
        scenario.Add($"{prefix}: p99", "ms", result.P(99));
        scenario.Add($"{prefix}: errors", "count", result.Errors);
        if (result.ErrorsByStatus.Count > 0)
            scenario.Notes.Add($"{prefix}: errors by status {JsonSerializer.Serialize(result.ErrorsByStatus)}");
    }

    // ---------------------------------------------------------------- 3b. hot record

    private async Task Hot(Scenario scenario)
    {
        using var setup = Client(api!.Url, 1);
        var id = (await CreateRecords(api.Url, 1, new Scenario("-", "-")))[0];
        var warm = Stopwatch.StartNew();
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/records/{id}")
               {
                   Content = new StringContent("""{"summary":{"en":"Warm-up"}}""", Encoding.UTF8, "application/merge-patch+json"),
               })
        using (var answer = await setup.SendAsync(patch))
            if (answer.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"PATCH answered {(int)answer.StatusCode}");
        scenario.Details["first PATCH /records/{id} (ms)"] = Math.Round(warm.Elapsed.TotalMilliseconds);
        foreach (var clients in settings.EditClients)
        {
            using var http = Client(api.Url, clients);
            for (var run = 1; run <= settings.Runs; run++)
            {
                var known = new int[clients];
                var stale = 0L;
                var cpu = ProcessCpu(api);
                var result = await Load.Closed(clients, settings.Warmup, settings.Duration, async (client, n) =>
                {
                    if (known[client] == 0)
                    {
                        // Read the ETag once (read-your-writes so that the worker's lag cannot make it older than revision 1).
                        using var read = await http.GetAsync($"/records/{id}?minRevision=1");
                        known[client] = ETag(read) ?? 1;
                    }
                    for (var attempt = 0; attempt < 100; attempt++)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/records/{id}")
                        {
                            Content = new StringContent($$$"""{"summary":{"en":"Hot edit {{{client}}}-{{{n}}}"}}""", Encoding.UTF8, "application/merge-patch+json"),
                        };
                        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{known[client]}\""));
                        using var response = await http.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            known[client] = ETag(response) ?? known[client] + 1;
                            return new Outcome(true, 200, attempt);
                        }
                        if (response.StatusCode != HttpStatusCode.PreconditionFailed) return new Outcome(false, (int)response.StatusCode, attempt);
                        // 412: the answer carries the current revision (ETag and currentRevision): that is the re-read.
                        Interlocked.Increment(ref stale);
                        known[client] = ETag(response) ?? known[client] + 1;
                    }
                    return new Outcome(false, 412, 100);
                });
                Record(scenario, $"{clients} clients", "edits/s", result);
                scenario.Add($"{clients} clients: 412 answers per accepted edit", "ratio", result.Retries / Math.Max(1.0, result.LatenciesMs.Length));
                scenario.Add($"{clients} clients: cores used by everything else on the machine", "cores", cpu.Cores()["everything else"]);
                Say($"   hot {clients} clients run {run}: {result.Throughput:F0}/s p99 {result.P(99):F1} ms, 412s {result.Retries}, errors {result.Errors}");
            }
        }
        scenario.Notes.Add("Latency of an edit includes its retries. A client gives up after 100 attempts (counted as an error). " +
                           "PATCH (merge patch of the summary) rather than outcomes keeps the hot record's state small however many edits it takes.");
    }

    private static int? ETag(HttpResponseMessage response) =>
        response.Headers.ETag is { } tag && int.TryParse(tag.Tag.Trim('"'), out var revision) ? revision : null;

    // ---------------------------------------------------------------- 4. projection lag

    private async Task Lag(Scenario scenario)
    {
        if (settings.LagRate is null && maxEditThroughput <= 0) throw new InvalidOperationException("scenario 3 measured no throughput to take half of");
        var rate = settings.LagRate ?? maxEditThroughput / 2;
        var ids = editRecords.Length > 0 ? editRecords : await CreateRecords(api!.Url, settings.Records, new Scenario("-", "-"));
        using var http = Client(api!.Url, 128);
        var samplesPerSecond = 5.0;
        var sampleEvery = Math.Max(1, (long)Math.Round(rate / samplesPerSecond));
        for (var run = 1; run <= settings.Runs; run++)
        {
            await WaitForViewsToCatchUp(scenario, run);
            await using var watcher = new VisibilityWatcher(settings.Connection, Settings.Schema);
            var cpu = ProcessCpu(api);
            var result = await Load.Open(rate, settings.LagDuration, 128, async n =>
            {
                var id = ids[Random.Shared.Next(ids.Length)];
                using var content = Json($$$"""{"text":{"en":"Lag outcome {{{n}}}"}}""");
                using var response = await http.PostAsync($"/records/{id}/outcomes", content);
                var answered = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK) return new Outcome(false, (int)response.StatusCode);
                if (n % sampleEvery == 0 && ETag(response) is { } revision) watcher.Expect(id, revision, answered);
                return new Outcome(true, 200);
            });
            await watcher.Drain();
            var lags = watcher.LagsMs;
            var invisible = watcher.Invisible;
            var sorted = lags.Order().ToArray();
            await File.WriteAllLinesAsync(Path.Combine(settings.LogFolder, $"lag-run{run}.tsv"),
                watcher.Timeline.Select(sample => FormattableString.Invariant($"{sample.AnsweredUtc:HH:mm:ss.fff}\t{sample.LagMs:F0}")));
            scenario.Add("target rate (half the maximum)", "edits/s", rate);
            Record(scenario, "writes", "edits/s", result);
            scenario.Add("lag p50", "ms", Stats.Percentile(sorted, 50));
            scenario.Add("lag p95", "ms", Stats.Percentile(sorted, 95));
            scenario.Add("lag p99", "ms", Stats.Percentile(sorted, 99));
            scenario.Add("lag max", "ms", sorted.Length > 0 ? sorted[^1] : double.NaN);
            scenario.Add("lag samples", "count", sorted.Length);
            scenario.Add("samples not visible within 30 s", "count", invisible);
            var cores = cpu.Cores();
            scenario.Add("cores used by everything else on the machine", "cores", cores["everything else"]);
            if (run == 1) scenario.Details["cpu cores used (run 1)"] = cores;
            Say($"   lag run {run}: {result.Throughput:F0}/s (target {rate:F0}), write p99 {result.P(99):F1} ms, lag p50 {Stats.Percentile(sorted, 50):F0} p99 {Stats.Percentile(sorted, 99):F0} ms");
        }
        scenario.Notes.Add($"Open loop for {settings.LagDuration.TotalSeconds:F0} s per run: edits are scheduled at a fixed rate and their latency counts from " +
                           "the scheduled time (queueing is not hidden). About 5 writes a second are sampled: from the 200 answer until the " +
                           "current-state view (the table GET /records/{id} reads) holds the revision, watched by one query every 10 ms for " +
                           "all pending samples (resolution about 10 ms; the load it adds does not grow with the lag).");
    }

    /// <summary>
    /// Scenario 3a saturates the machine for a minute and a half; the views finish projecting its last events well after
    /// it ends. Lag at half the maximum rate is measured from a caught-up worker, so a backlog left by the scenario before
    /// is waited out (and reported) instead of counted as the first run's lag.
    /// </summary>
    private async Task WaitForViewsToCatchUp(Scenario scenario, int run)
    {
        using var http = Client(api!.Url, 1);
        var clock = Stopwatch.StartNew();
        var views = await Projections(http);
        foreach (var view in views)
            scenario.Add($"events behind before the run: {view.Name}", "events", Math.Max(0, view.HighWaterMark - view.Position));
        var behind = views.Sum(p => Math.Max(0, p.HighWaterMark - p.Position));
        while (clock.Elapsed < TimeSpan.FromMinutes(2) && (await Projections(http)).Any(p => p.Position < p.HighWaterMark))
            await Task.Delay(100);
        scenario.Add("waited for the views to catch up before the run", "s", clock.Elapsed.TotalSeconds);
        Say($"   lag run {run}: {behind:N0} events behind at the start, caught up after {clock.Elapsed.TotalSeconds:F1} s");
    }

    // ---------------------------------------------------------------- 6. time travel

    private async Task TimeTravel(Scenario scenario)
    {
        using var http = Client(api!.Url, 1);
        var id = (await CreateRecords(api.Url, 1, new Scenario("-", "-")))[0];
        var afterFirst = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/records/{id}")
               {
                   Content = new StringContent("""{"summary":{"en":"Second revision"}}""", Encoding.UTF8, "application/merge-patch+json"),
               })
        using (var answer = await http.SendAsync(patch))
            if (answer.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"PATCH answered {(int)answer.StatusCode}");

        // Probe only once the worker's view shows revision 2, so that a 404 means "not there" and not "not projected yet".
        var projected = Stopwatch.StartNew();
        while (projected.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var read = await http.GetAsync($"/records/{id}");
            if (ETag(read) >= 2) break;
            await Task.Delay(50);
        }
        scenario.Details["record at revision 2 visible in the view after (ms)"] = Math.Round(projected.Elapsed.TotalMilliseconds);

        // Each kind runs only when it answers correctly for a record at revision 2; today GET /records/{id} ignores
        // unknown query parameters, so a 200 alone does not prove the feature.
        async Task<(bool Works, string Why)> Probe(string url, Func<HttpResponseMessage, string, bool> works)
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var ok = response.IsSuccessStatusCode && works(response, body);
            return (ok, $"{url.Replace(id.ToString(), "{id}")} answered {(int)response.StatusCode} with ETag {response.Headers.ETag?.Tag ?? "none"}");
        }

        var knownAt = Uri.EscapeDataString(afterFirst.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        var probes = new Dictionary<string, (bool Works, string Why)>
        {
            ["revision"] = await Probe($"/records/{id}?revision=1", (r, _) => ETag(r) == 1),
            ["knownAt"] = await Probe($"/records/{id}?knownAt={knownAt}", (r, _) => ETag(r) == 1),
            ["validAt"] = await Probe($"/records/{id}?validAt=2018-06-01", (r, _) => true),
            ["diff"] = await Probe($"/records/{id}/diff?from=1&to=2", (_, body) => body.Contains("\"changes\"")),
        };
        // validAt cannot be told apart from an ignored parameter on this record: count it only when ?revision works.
        if (!probes["revision"].Works) probes["validAt"] = (false, probes["validAt"].Why + " (not trusted while ?revision is missing)");
        scenario.Details["probes"] = probes.ToDictionary(p => p.Key, p => $"{(p.Value.Works ? "available" : "not available yet")}: {p.Value.Why}");
        if (!probes.Values.Any(p => p.Works))
        {
            scenario.Notes.Add("not available yet: " + string.Join("; ", probes.Select(p => $"{p.Key}: {p.Value.Why}")) +
                               ". The scenario runs by itself once GET /records/{id}?revision=1 answers revision 1 (or /diff answers).");
            return;
        }

        Say($"   loading {settings.TimeTravelRevisions} revisions of one record through RecordEditor");
        using var store = BulkLoad.Store(settings.Connection, Settings.Schema);
        var loadClock = Stopwatch.StartNew();
        var times = await BulkLoad.Revisions(store, id, 3, settings.TimeTravelRevisions);
        scenario.Details["revisions loaded"] = settings.TimeTravelRevisions;
        scenario.Details["load seconds"] = Math.Round(loadClock.Elapsed.TotalSeconds, 1);
        var last = settings.TimeTravelRevisions;
        var kinds = new Dictionary<string, Func<Random, string>>
        {
            ["revision"] = r => $"/records/{id}?revision={r.Next(1, last + 1)}",
            ["knownAt"] = r => $"/records/{id}?knownAt={Uri.EscapeDataString(times[r.Next(3, last + 1)].UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture))}",
            ["validAt"] = r => $"/records/{id}?validAt=2018-{r.Next(1, 13):00}-{r.Next(1, 29):00}",
            ["diff"] = r => $"/records/{id}/diff?from={r.Next(1, Math.Max(2, last / 100))}&to={r.Next(last - last / 100, last + 1)}",
        };
        foreach (var (kind, url) in kinds)
        {
            if (!probes[kind].Works) continue;
            for (var run = 1; run <= settings.Runs; run++)
            {
                var random = new Random(run);
                var latencies = new List<double>();
                var errors = 0;
                for (var i = 0; i < settings.TimeTravelRequests; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url(random));
                    if (response.IsSuccessStatusCode) latencies.Add(clock.Elapsed.TotalMilliseconds);
                    else errors++;
                }
                var sorted = latencies.Order().ToArray();
                scenario.Add($"{kind}: p50", "ms", Stats.Percentile(sorted, 50));
                scenario.Add($"{kind}: p95", "ms", Stats.Percentile(sorted, 95));
                scenario.Add($"{kind}: errors", "count", errors);
            }
        }
        scenario.Notes.Add($"One record with {last} revisions (summary revised each time, through RecordEditor, the write path behind the API); " +
                           $"{settings.TimeTravelRequests} sequential requests per kind and run at random revisions / instants; diff between a revision in the first 1 % and one in the last 1 %.");
    }

    // ---------------------------------------------------------------- 5. rebuild

    private async Task Rebuild(Scenario scenario)
    {
        // Quick mode reuses the running API and worker (and their schema, so the rebuilds also replay the edits above).
        var schema = settings.Quick ? Settings.Schema : Settings.RebuildSchema;
        Managed? ownWorker = null, ownApi = null;
        // Other sessions on this machine have been seen stopping processes by name (SIGTERM); restart ours when that
        // happens, say so in the results, and go on.
        async Task EnsureRunning(string when)
        {
            if (settings.Quick) return;
            if (ownWorker is { HasExited: false } && ownApi is { HasExited: false }) return;
            if (ownWorker is not null || ownApi is not null)
                scenario.Notes.Add($"The rebuild's API or worker stopped from outside ({ownWorker?.ExitDescription}; {ownApi?.ExitDescription}) {when}; both were restarted.");
            if (ownApi is not null) await ownApi.DisposeAsync();
            if (ownWorker is not null) await ownWorker.DisposeAsync();
            ownWorker = StartWorker(Settings.RebuildSchema, Settings.RebuildWorkerPort, "rebuild");
            await ownWorker.WaitReady(TimeSpan.FromSeconds(120));
            ownApi = StartApi(Settings.RebuildSchema, Settings.RebuildApiPort, "rebuild");
            await ownApi.WaitReady(TimeSpan.FromSeconds(60));
        }
        try
        {
            await RebuildWith(scenario, schema, EnsureRunning, () => ownWorker ?? worker!, () => (ownApi ?? api!).Url);
        }
        finally
        {
            if (ownApi is not null) await ownApi.DisposeAsync();
            if (ownWorker is not null) await ownWorker.DisposeAsync();
        }
    }

    private async Task RebuildWith(Scenario scenario, string schema, Func<string, Task> ensureRunning, Func<Managed> currentWorker, Func<string> apiUrl)
    {
        await ensureRunning("at start");

        Say($"   loading {settings.RebuildRecords * settings.RebuildRevisions:N0} events over {settings.RebuildRecords:N0} records");
        using (var store = BulkLoad.Store(settings.Connection, schema))
        {
            var (seconds, events) = await BulkLoad.Records(store, settings.RebuildRecords, settings.RebuildRevisions, perSession: 500, parallel: 2);
            scenario.Details["events loaded"] = events;
            scenario.Details["load seconds"] = Math.Round(seconds, 1);
            scenario.Details["load events/s (through the event store, inline snapshot included, worker projecting meanwhile)"] = Math.Round(events / seconds);
            Say($"   loaded {events:N0} events in {seconds:F1} s");
        }

        // The worker projects while the load runs; wait until every projection has caught up, then rebuild.
        var catchUp = Stopwatch.StartNew();
        var total = 0L;
        var caughtUp = false;
        while (catchUp.Elapsed < settings.CatchUpBudget)
        {
            await ensureRunning("while the worker caught up");
            using var http = Client(apiUrl(), 2);
            var items = await Projections(http);
            total = items.Max(i => i.HighWaterMark);
            if (items.All(i => i.Position >= i.HighWaterMark) && total >= (long)settings.RebuildRecords * settings.RebuildRevisions)
            {
                caughtUp = true;
                break;
            }
            await Task.Delay(500);
        }
        scenario.Details["catch-up after the load (s)"] = Math.Round(catchUp.Elapsed.TotalSeconds, 1);
        if (!caughtUp) scenario.Notes.Add($"The worker had not caught up {catchUp.Elapsed.TotalSeconds:F0} s after the load; rebuilds started anyway.");

        var budget = Stopwatch.StartNew();
        var retried = false;
        foreach (var name in settings.RebuildProjections)
        foreach (var emptied in new[] { false, true })
        for (var run = 1; run <= settings.Runs; run++)
        {
            // Rebuilt over the rows the live projection wrote, a projection may find most of them derived as they stand and
            // write nothing (revisions does); after a change of a projection every row is new, which the emptied view measures.
            var figure = emptied ? $"{name} (view emptied first)" : name;
            if (run > 1 && budget.Elapsed > settings.RebuildBudget)
            {
                scenario.Notes.Add($"{figure}: run {run} skipped, the rebuild time budget ({settings.RebuildBudget.TotalMinutes:F0} min) was spent.");
                break;
            }
            await ensureRunning($"before rebuild {figure} run {run}");
            var rebuildWorker = currentWorker();
            using var http = Client(apiUrl(), 2);
            try
            {
                if (emptied) await EmptyView(schema, name);
                var reset = rebuildWorker.ResetPeakMemory();
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync($"/admin/projections/{name}/rebuild", null);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"rebuild {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                var location = response.Headers.Location!.ToString();
                string state;
                long processed = 0, jobTotal = 0;
                while (true)
                {
                    await Task.Delay(100);
                    using var status = await http.GetAsync(location);
                    using var body = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
                    state = body.RootElement.GetProperty("state").GetString()!;
                    processed = body.RootElement.GetProperty("processed").GetInt64();
                    jobTotal = body.RootElement.GetProperty("total").GetInt64();
                    if (state is "done" or "failed") break;
                    if (rebuildWorker.HasExited) throw new InvalidOperationException($"the worker stopped during the rebuild ({rebuildWorker.ExitDescription})");
                    if (clock.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException($"rebuild of {name} still {state} after 20 min");
                }
                if (state == "failed") throw new InvalidOperationException($"rebuild of {name} failed (processed {processed} of {jobTotal})");
                var seconds = clock.Elapsed.TotalSeconds;
                scenario.Add($"{figure}: wall time", "s", seconds);
                scenario.Add($"{figure}: events/s", "events/s", jobTotal / seconds);
                scenario.Add($"{figure}: worker peak memory (VmHWM{(reset ? ", reset before" : "")})", "MiB", rebuildWorker.PeakMemoryMiB());
                Say($"   rebuild {figure} run {run}: {seconds:F1} s, {jobTotal / seconds:F0} events/s, worker peak {rebuildWorker.PeakMemoryMiB():F0} MiB");
            }
            catch (Exception e) when (!retried && (e is HttpRequestException || rebuildWorker.HasExited || e.Message.Contains("worker stopped")))
            {
                // Once per scenario: a process stopped from outside; restart it and measure this run again.
                retried = true;
                scenario.Notes.Add($"{figure} run {run} was interrupted ({e.Message}) and measured again.");
                run--;
            }
        }
        scenario.Details["events in the store (all rebuilt)"] = total;
        scenario.Notes.Add($"{settings.RebuildRecords * settings.RebuildRevisions:N0} events over {settings.RebuildRecords:N0} records{(settings.Quick ? " added to the main schema" : " in a schema of their own")} " +
                           "(creation, then summaries revised and outcomes recorded in turn), loaded with the project's store configuration " +
                           "(`session.Events.StartStream/Append`, the API's headers, 500 streams per transaction). Wall time runs from the POST " +
                           "to the status document saying done: it includes the worker's job pick-up (polled every 500 ms) and the restart of the live agent. " +
                           "Peak memory: /proc/<pid>/status VmHWM of the worker, reset (clear_refs) before each rebuild. " +
                           "Each projection is rebuilt twice: over the rows the live projection wrote (a projection may leave rows it derives " +
                           "as they stand unwritten), then into its view emptied first (`truncate`), where every row is written as after a change of the projection.");
    }

    private static readonly Dictionary<string, Type> ViewOf = new()
    {
        ["records"] = typeof(CurrentRecord),
        ["revisions"] = typeof(RevisionView),
        ["changes"] = typeof(ChangeFeedEntry),
    };

    private async Task EmptyView(string schema, string projection)
    {
        using var store = BulkLoad.Store(settings.Connection, schema);
        var table = store.Options.FindOrResolveDocumentType(ViewOf[projection]).TableName.QualifiedName;
        await using var connection = new NpgsqlConnection(settings.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"truncate {table}", connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record ProjectionRow(string Name, long Position, long HighWaterMark);

    private static async Task<List<ProjectionRow>> Projections(HttpClient http)
    {
        using var response = await http.GetAsync("/admin/projections");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => new ProjectionRow(i.GetProperty("name").GetString()!, i.GetProperty("position").GetInt64(), i.GetProperty("highWaterMark").GetInt64()))
            .ToList();
    }

    // ---------------------------------------------------------------- helpers

    private static HttpClient Client(string url, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
        })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Settings.AdminKey);
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private CpuWindow ProcessCpu(Managed target)
    {
        var sources = new List<(string, Func<double>)>
        {
            (target.Name, () => ProcFs.CpuSeconds(target.Pid)),
            ("postgres (every backend on the server)", () => ProcFs.TotalCpuSeconds("postgres")),
            ("load generator", () => ProcFs.CpuSeconds(Environment.ProcessId)),
        };
        if (worker is not null && target != worker) sources.Add(("worker", () => ProcFs.CpuSeconds(worker.Pid)));
        if (api is not null && target != api) sources.Add(("api (idle)", () => ProcFs.CpuSeconds(api.Pid)));
        return Cpu(sources.ToArray());
    }

    private static CpuWindow Cpu(params (string Name, Func<double> Seconds)[] sources) =>
        new(sources.ToDictionary(s => s.Name, s => s.Seconds));
}
