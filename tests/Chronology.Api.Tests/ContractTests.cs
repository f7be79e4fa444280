using System.Diagnostics;
using Alba;

namespace Chronology.Api.Tests;

/// <summary>
/// The served OpenAPI document is the contract a client is generated from: redocly's recommended rules find no error
/// in it, and a TypeScript client generated from it type-checks a client flow while wrongly typed requests fail to
/// (tests/contract/check.sh, node from the committed lockfile).
/// </summary>
public sealed class ContractTests(ApiFixture api) : ApiTest(api)
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

        Assert.True(exitCode == 0, $"tests/contract/check.sh failed ({exitCode}):\n{output}");
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
