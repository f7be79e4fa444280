using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Chronology.Bench;

/// <summary>Scenario 8: current-state reads of a record, answered 200 or revalidated to 304, against the CRUD peer's SELECT by id.</summary>
public sealed partial class Harness
{
    private const int ReadClients = 32;
    // More runs than elsewhere: three kinds share each run, and the machine is shared.
    private int ReadRuns => settings.Quick ? 1 : 5;

    private async Task Reads(Scenario scenario)
    {
        await using var peer = Managed.Start("peer", settings.PeerDll, Settings.PeerPort,
            new Dictionary<string, string> { ["ConnectionStrings__peer"] = settings.Connection }, Path.Combine(settings.LogFolder, "peer-reads.log"));
        await peer.WaitReady(TimeSpan.FromSeconds(60));
        var peerIds = await CreateRecords(peer.Url, settings.Records, new Scenario("-", "-"));
        var ids = await CreateRecords(api!.Url, settings.Records, new Scenario("-", "-"));

        // Every client revalidates what it read before: the tags come from one full read of each record once the worker shows it.
        using var http = Client(api.Url, ReadClients);
        var tags = await CurrentTags(http, ids);
        using var peerHttp = Client(peer.Url, ReadClients);

        var kinds = new (string Name, Managed Target, Func<Task<Outcome>> Read)[]
        {
            ("peer SELECT by id, 200", peer, () => Get(peerHttp, peerIds[Random.Shared.Next(peerIds.Length)], null, HttpStatusCode.OK)),
            ("chronology 200", api, () => Get(http, ids[Random.Shared.Next(ids.Length)], null, HttpStatusCode.OK)),
            ("chronology 304 (If-None-Match)", api, () =>
            {
                var id = ids[Random.Shared.Next(ids.Length)];
                return Get(http, id, tags[id], HttpStatusCode.NotModified);
            }),
        };
        // Each run measures the three kinds back to back, so a noisy moment on the shared machine touches all of them.
        for (var run = 1; run <= ReadRuns; run++)
            foreach (var (name, target, read) in kinds)
            {
                var cpu = ProcessCpu(target);
                var serving = ProcFs.CpuSeconds(target.Pid);
                var generator = ProcFs.CpuSeconds(Environment.ProcessId);
                var postgres = ProcFs.Named("postgres").ToDictionary(pid => pid, ProcFs.CpuSeconds);
                var clock = Stopwatch.StartNew();
                var result = await Load.Closed(ReadClients, settings.Warmup, settings.Duration, (_, _) => read());
                // CPU over the whole window (warm-up included) per request answered in it; the window's request count is
                // estimated from the measured throughput, which holds during the warm-up too.
                var requests = result.Throughput * clock.Elapsed.TotalSeconds;
                var servingCpu = ProcFs.CpuSeconds(target.Pid) - serving;
                var postgresCpu = await BackendCpu(postgres);
                var generatorCpu = ProcFs.CpuSeconds(Environment.ProcessId) - generator;
                Record(scenario, $"{name}, {ReadClients} clients", "req/s", result);
                scenario.Add($"{name}: server CPU per request ({target.Name} process)", "µs", servingCpu / requests * 1e6);
                scenario.Add($"{name}: PostgreSQL CPU per request (the benchmark database's backends)", "µs", postgresCpu / requests * 1e6);
                scenario.Add($"{name}: server + PostgreSQL CPU per request", "µs", (servingCpu + postgresCpu) / requests * 1e6);
                scenario.Add($"{name}: load generator CPU per request", "µs", generatorCpu / requests * 1e6);
                scenario.Add($"{name}: cores used by everything else on the machine", "cores", cpu.Cores()["everything else"]);
                Say($"   reads {name} run {run}: {result.Throughput:F0}/s p50 {result.P(50):F1} p99 {result.P(99):F1} ms, " +
                    $"server {servingCpu / requests * 1e6:F0} µs + PostgreSQL {postgresCpu / requests * 1e6:F0} µs per request, errors {result.Errors}");
            }

        scenario.Notes.Add($"{settings.Records} records in each system, created alike (POST /records); {ReadClients} closed-loop clients read random records " +
                           "by id. The 304 clients send If-None-Match with the tag of their earlier full read (the record is unchanged, so every answer is 304). " +
                           "Server CPU per request: /proc/<pid>/stat user + system of the serving process, and of the PostgreSQL backends connected to the " +
                           "benchmark database, over the run, divided by the requests answered (the load generator's own CPU likewise). " +
                           $"{ReadRuns} runs, each measuring the three kinds back to back. The peer's read: one SELECT revision, data::text by primary key, written out as stored.");
    }

    /// <summary>
    /// CPU used since <paramref name="before"/> by the backends serving the benchmark database (the pools keep them open for
    /// the whole run), rather than by every postgres process, whose sum falls when another session's backend exits.
    /// </summary>
    private async Task<double> BackendCpu(Dictionary<int, double> before)
    {
        await using var connection = new Npgsql.NpgsqlConnection(settings.Connection);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select pid from pg_stat_activity where datname = @db and pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("db", settings.Database);
        var total = 0.0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            total += ProcFs.CpuSeconds(pid) - before.GetValueOrDefault(pid);
        }
        return total;
    }

    private async Task<Dictionary<Guid, string>> CurrentTags(HttpClient http, Guid[] ids)
    {
        var tags = new ConcurrentDictionary<Guid, string>();
        var deadline = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ReadClients }, async (id, _) =>
        {
            while (true)
            {
                using var response = await http.GetAsync($"/records/{id}");
                if (response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } tag)
                {
                    tags[id] = tag.ToString();
                    return;
                }
                if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"record {id} not readable 60 s after it was created");
                await Task.Delay(50);
            }
        });
        return new Dictionary<Guid, string>(tags);
    }

    private static async Task<Outcome> Get(HttpClient http, Guid id, string? ifNoneMatch, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/records/{id}");
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        using var response = await http.SendAsync(request);
        // The body is read to its end, as a client would, so a 200 pays for its transfer.
        await response.Content.CopyToAsync(Stream.Null);
        return new Outcome(response.StatusCode == expected, (int)response.StatusCode);
    }
}
