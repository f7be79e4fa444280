using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba;
using Chronology.Api.OpenApi;
using Xunit.Abstractions;

namespace Chronology.Api.Tests;

/// <summary>
/// The served OpenAPI document is the contract a client is generated from: redocly's recommended rules find no error
/// in it, and a TypeScript client generated from it type-checks a client flow while wrongly typed requests fail to
/// (tests/contract/check.sh, node from the committed lockfile).
/// </summary>
public sealed class ContractTests(ApiFixture api, ITestOutputHelper log) : ApiTest(api)
{
    [Fact]
    public async Task A_client_generated_from_the_served_document_type_checks_and_refuses_wrong_types()
    {
        var document = await Api.Host.GetAsText("/openapi/v1.json");
        var root = RepositoryRoot();
        var path = Path.Combine(root, "artifacts", "openapi", "v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, document);

        var (exitCode, output) = await Run(Path.Combine(root, "tests", "contract", "check.sh"), path);
        log.WriteLine(output);

        Assert.True(exitCode == 0, $"tests/contract/check.sh failed ({exitCode}):\n{output}");
    }

    [Fact]
    public async Task Every_operation_is_tagged_by_resource_and_answers_its_problems_as_problem_details()
    {
        var document = JsonNode.Parse(await Api.Host.GetAsText("/openapi/v1.json"))!;
        var resources = ResourceTags.All.Select(tag => tag.Name).ToHashSet();
        foreach (var (path, methods) in document["paths"]!.AsObject())
            foreach (var (method, operation) in methods!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                var tags = operation!["tags"]!.AsArray().Select(tag => tag!.GetValue<string>()).ToList();
                Assert.True(tags.Count == 1 && resources.Contains(tags[0]), $"{name} is tagged {string.Join(", ", tags)}");
                var responses = operation["responses"]!.AsObject();
                foreach (var status in new[] { "400", "429", "503" }.Concat(path.Contains('{') ? ["404"] : []))
                    Assert.Equal("#/components/schemas/Problem",
                        responses[status]?["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>());
                if (method != "get" && path.StartsWith("/records", StringComparison.Ordinal))
                {
                    Assert.True(responses.ContainsKey("422"), $"{name} lacks the 422 of a reused Idempotency-Key");
                    Assert.Contains("Idempotency-Key", operation["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
                    Assert.Equal("bearer", operation["security"]![0]!.AsObject().Single().Key);
                }
            }
        Assert.Contains("code", document["components"]!["schemas"]!["Problem"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task The_sample_chronology_examples_name_operations_that_exist()
    {
        var document = JsonNode.Parse(await Api.Host.GetAsText("/openapi/v1.json"))!;
        var operationIds = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!["operationId"]!.GetValue<string>()))
            .ToHashSet();
        Assert.All(SampleChronology.OperationIds, id => Assert.Contains(id, operationIds));
        Assert.Equal("2018 US–DPRK summit",
            document["paths"]!["/records/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!["title"]!["en"]!.GetValue<string>());
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Chronology.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Chronology.sln not found above the test binaries.");
    }

    private static async Task<(int ExitCode, string Output)> Run(string script, string argument)
    {
        var start = new ProcessStartInfo("bash", [script, argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
