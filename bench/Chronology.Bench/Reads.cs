using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Chronology.Bench;

/// <summary>Scenario 8: current-state reads of a record, answered 200 or revalidated to 304, against the CRUD peer's SELECT by id.</summary>
public sealed partial class Harness
{
    private const int ReadClients = 32;

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
        for (var run = 1; run <= settings.Runs; run++)
            foreach (var (name, target, read) in kinds)
            {
                var cpu = ProcessCpu(target);
                var targetCpu = ProcFs.CpuSeconds(target.Pid);
                var postgresCpu = ProcFs.TotalCpuSeconds("postgres");
                var clock = Stopwatch.StartNew();
                var result = await Load.Closed(ReadClients, settings.Warmup, settings.Duration, (_, _) => read());
                // CPU over the whole window (warm-up included) per request answered in it; the window's request count is
                // estimated from the measured throughput, which holds during the warm-up too.
                var requests = result.Throughput * clock.Elapsed.TotalSeconds;
                Record(scenario, $"{name}, {ReadClients} clients", "req/s", result);
                scenario.Add($"{name}: server CPU per request ({target.Name} process)", "µs", (ProcFs.CpuSeconds(target.Pid) - targetCpu) / requests * 1e6);
                scenario.Add($"{name}: PostgreSQL CPU per request", "µs", (ProcFs.TotalCpuSeconds("postgres") - postgresCpu) / requests * 1e6);
                scenario.Add($"{name}: cores used by everything else on the machine", "cores", cpu.Cores()["everything else"]);
                Say($"   reads {name} run {run}: {result.Throughput:F0}/s p50 {result.P(50):F1} p99 {result.P(99):F1} ms, errors {result.Errors}");
            }

        scenario.Notes.Add($"{settings.Records} records in each system, created alike (POST /records); {ReadClients} closed-loop clients read random records " +
                           "by id. The 304 clients send If-None-Match with the tag of their earlier full read (the record is unchanged, so every answer is 304). " +
                           "Server CPU per request: /proc/<pid>/stat user + system of the serving process (and of every PostgreSQL process) over the run, " +
                           "divided by the requests answered. The peer's read: one SELECT revision, data::text by primary key, written out as stored.");
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
