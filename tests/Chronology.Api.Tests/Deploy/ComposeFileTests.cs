using System.Diagnostics;

namespace Chronology.Api.Tests.Deploy;

/// <summary>deploy/docker-compose.yml, checked by Debian's docker-compose (deploy/compose-check.sh): no engine runs here.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_resolves_to_PostgreSQL_a_worker_and_an_API_on_loopback()
    {
        var (exit, output, errors) = await CheckCompose(("CHRONOLOGY_EDITOR_KEY", "compose-editor-key"), ("CHRONOLOGY_ADMIN_KEY", "compose-admin-key"));

        Assert.True(exit == 0, errors);
        Assert.Contains("image: postgres:15", output);
        Assert.Contains("dockerfile: deploy/docker/api.Dockerfile", output);
        Assert.Contains("dockerfile: deploy/docker/worker.Dockerfile", output);
        Assert.Contains("- 127.0.0.1:8080:8080/tcp", output);
        Assert.Contains("Auth__Principals__0__Key: compose-editor-key", output);
        foreach (var dockerfile in new[] { "api.Dockerfile", "worker.Dockerfile" })
            Assert.True(File.Exists(Path.Combine(Checkout.Root, "deploy", "docker", dockerfile)), dockerfile);
    }

    [Fact]
    public async Task Without_keys_the_compose_file_refuses_to_start()
    {
        var (exit, _, errors) = await CheckCompose();

        Assert.NotEqual(0, exit);
        Assert.Contains("set CHRONOLOGY_EDITOR_KEY", errors);
    }

    private static async Task<(int Exit, string Output, string Errors)> CheckCompose(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Path.Combine(Checkout.Root, "deploy", "compose-check.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("CHRONOLOGY_EDITOR_KEY");
        start.Environment.Remove("CHRONOLOGY_ADMIN_KEY");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
