using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Chronology.Faults.Tests.Fuzzing;

/// <summary>
/// The fuzzer against a real API and worker: at least 10,000 requests a run with a fixed seed (CHRONOLOGY_FUZZ_REQUESTS
/// and CHRONOLOGY_FUZZ_SEED for longer or other runs), no 5xx, a problem document with every 4xx, and the views still
/// moving afterwards — whatever a client sends, no projection stops.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Faults")]
public sealed class HostileRequestTests(FaultPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Requests_derived_from_the_contract_and_mutated_get_problems_never_a_5xx()
    {
        var requests = int.Parse(Environment.GetEnvironmentVariable("CHRONOLOGY_FUZZ_REQUESTS") ?? "10000");
        var seed = int.Parse(Environment.GetEnvironmentVariable("CHRONOLOGY_FUZZ_SEED") ?? "20180612");
        var report = new FaultReport(output, "fuzzer");
        await using var cluster = await Cluster.Start(postgres, "fuzz");
        using var http = cluster.Views.Admin();
        var ids = await KnownIds(http, await cluster.CreateRecords(2));
        var operations = await Contract.Read(http);
        var fuzzer = new RequestFuzzer(cluster.Api.Url, operations, ids, seed);

        await fuzzer.Run(requests, clients: 4);

        report.Line($"{requests} requests (seed {seed}) over {operations.Count} operations: {fuzzer.Answers}");
        foreach (var operation in operations.OrderBy(operation => operation.Id))
        {
            var sent = fuzzer.Coverage.GetValueOrDefault(operation.Id);
            var fields = sent?.Keys.Where(key => key.StartsWith("body ", StringComparison.Ordinal)).Select(key => key.Split(' ')[^1]).Distinct().Count() ?? 0;
            var query = sent?.Keys.Count(key => key.StartsWith("query ", StringComparison.Ordinal)) ?? 0;
            var headers = sent?.Keys.Count(key => key.StartsWith("header ", StringComparison.Ordinal)) ?? 0;
            var bodies = sent?.Keys.Count(key => key.StartsWith("whole body ", StringComparison.Ordinal)) ?? 0;
            report.Line($"coverage {operation.Method} {operation.Path}: {sent?.Values.Sum() ?? 0} requests; body fields mutated {fields} of " +
                        $"{Samples.Paths(operation.BodySchema is null ? null : Samples.Of(operation.BodySchema, "body", ids)).Count()}; " +
                        $"query parameters {query} of {operation.Query.Count}; headers {headers}; whole-body kinds {bodies}");
        }
        Assert.True(fuzzer.Failures.IsEmpty, $"{fuzzer.Failures.Count} answers broke the contract, e.g.:\n{string.Join("\n", fuzzer.Failures.Take(20))}");
        await cluster.Views.CaughtUp(TimeSpan.FromSeconds(120));
        await cluster.Views.AssertHealthy();
    }

    /// <summary>A record with one item of each kind, linked to another record: the ids the fuzzer's paths and bodies name.</summary>
    private static async Task<KnownIds> KnownIds(HttpClient http, IReadOnlyList<Guid> records)
    {
        var (record, other) = (records[0], records[1]);
        async Task<Guid> Add(string path, JsonObject body)
        {
            var answer = await http.PostAsJsonAsync($"/records/{record}/{path}", body);
            answer.EnsureSuccessStatusCode();
            return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["itemId"]!.GetValue<Guid>();
        }
        return new KnownIds(
            record, other,
            await Add("participants", new JsonObject { ["name"] = new JsonObject { ["zh-Hant"] = "金正恩", ["en"] = "Kim Jong-un" }, ["side"] = "KP" }),
            await Add("outcomes", new JsonObject { ["text"] = new JsonObject { ["en"] = "High-level talks on 1 June" } }),
            await Add("sources", new JsonObject { ["url"] = "https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談", ["title"] = "維基百科" }),
            await Add("links", new JsonObject { ["relation"] = "relatedTo", ["recordId"] = other.ToString() }));
    }
}
