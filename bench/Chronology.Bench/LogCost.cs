using System.Net;

namespace Chronology.Bench;

/// <summary>
/// What the transparency log costs edits: the same closed-loop edits against an API and a worker with the log's
/// projection and against a pair without it (Store:TransparencyLog=false, a switch only the bench uses), each pair on a
/// schema of its own, alternating A B B A … so that the machine's drift falls on both alike. The ratio is the figure.
/// </summary>
public sealed partial class Harness
{
    private const int LogCostClients = 16;

    private async Task LogCost(Scenario scenario)
    {
        // The main pair stays up (idle) for the scenarios after this one.
        var records = new Dictionary<bool, Guid[]>();
        foreach (var round in Enumerable.Range(1, settings.Runs))
        // A B, then B A: whichever arm runs first in a round (right after the previous pair stopped) is not always the same.
        foreach (var withLog in round % 2 == 1 ? new[] { true, false } : [false, true])
        {
            var label = withLog ? "with the log" : "without the log";
            var schema = withLog ? "bench_log_on" : "bench_log_off";
            var environment = settings.ChronologyEnvironment(schema);
            environment["Store__TransparencyLog"] = withLog ? "true" : "false";
            await using var pairWorker = Managed.Start("worker", settings.WorkerDll, Settings.RebuildWorkerPort, environment,
                Path.Combine(settings.LogFolder, $"worker-logcost-{schema}.log"));
            await pairWorker.WaitReady(TimeSpan.FromSeconds(120));
            await using var pairApi = Managed.Start("api", settings.ApiDll, Settings.RebuildApiPort, environment,
                Path.Combine(settings.LogFolder, $"api-logcost-{schema}.log"));
            await pairApi.WaitReady(TimeSpan.FromSeconds(60));
            if (!records.TryGetValue(withLog, out var ids)) ids = records[withLog] = await CreateRecords(pairApi.Url, settings.Records, scenario);
            using var http = Client(pairApi.Url, LogCostClients);
            var (worker, api) = (ProcFs.CpuSeconds(pairWorker.Pid), ProcFs.CpuSeconds(pairApi.Pid));
            var postgres = ProcFs.Named("postgres").ToDictionary(pid => pid, ProcFs.CpuSeconds);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await Load.Closed(LogCostClients, settings.Warmup, settings.Duration, async (client, n) =>
            {
                var id = ids[Random.Shared.Next(ids.Length)];
                using var content = Json($$$"""{"text":{"en":"Outcome {{{client}}}-{{{n}}}"}}""");
                using var response = await http.PostAsync($"/records/{id}/outcomes", content);
                return new Outcome(response.StatusCode == HttpStatusCode.OK, (int)response.StatusCode);
            });
            // CPU over the whole window (warm-up included) per edit, as the reads scenario counts it: steadier than throughput
            // on a shared machine, and it says which process pays for the log.
            var edits = result.Throughput * clock.Elapsed.TotalSeconds;
            var workerCpu = (ProcFs.CpuSeconds(pairWorker.Pid) - worker) / edits * 1e6;
            var apiCpu = (ProcFs.CpuSeconds(pairApi.Pid) - api) / edits * 1e6;
            var postgresCpu = await BackendCpu(postgres) / edits * 1e6;
            Record(scenario, $"{LogCostClients} clients {label}", "edits/s", result);
            scenario.Add($"{label}: worker CPU per edit", "µs", workerCpu);
            scenario.Add($"{label}: API CPU per edit", "µs", apiCpu);
            scenario.Add($"{label}: PostgreSQL CPU per edit (the benchmark database's backends)", "µs", postgresCpu);
            scenario.Add($"{label}: worker + API + PostgreSQL CPU per edit", "µs", workerCpu + apiCpu + postgresCpu);
            Say($"   logcost round {round} {label}: {result.Throughput:F0}/s p50 {result.P(50):F1} p99 {result.P(99):F1} ms, errors {result.Errors}; " +
                $"CPU per edit: worker {workerCpu:F0} µs, API {apiCpu:F0} µs, PostgreSQL {postgresCpu:F0} µs");
        }
        var on = scenario.Find($"{LogCostClients} clients with the log: edits/s")!.Median;
        var off = scenario.Find($"{LogCostClients} clients without the log: edits/s")!.Median;
        scenario.Details["edits/s with the log ÷ without (median of the rounds)"] = Math.Round(on / off, 3);
        scenario.Details["cost of the log on edits (%)"] = Math.Round((1 - on / off) * 100, 1);
        var cpuOn = scenario.Find("with the log: worker + API + PostgreSQL CPU per edit")!.Median;
        var cpuOff = scenario.Find("without the log: worker + API + PostgreSQL CPU per edit")!.Median;
        scenario.Details["CPU per edit with the log ÷ without (median of the rounds)"] = Math.Round(cpuOn / cpuOff, 3);
        scenario.Notes.Add($"Each round starts a worker and an API with the log's projection (schema bench_log_on), runs {LogCostClients} clients adding " +
                           "outcomes to random records, stops them, and does the same without it (Store:TransparencyLog=false, schema bench_log_off); " +
                           "the worker projects every view while the load runs, as in production. The issue's target: at most 5 % fewer edits/s.");
    }
}
