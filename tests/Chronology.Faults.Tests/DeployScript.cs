using System.Diagnostics;

namespace Chronology.Faults.Tests;

/// <summary>Runs one of the deploy/ scripts with settings of the suite's own (ports, folders), failing with its output.</summary>
public static class DeployScript
{
    public static async Task Run(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Repository.Root, "deploy", script)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"deploy/{script} {string.Join(' ', arguments)} failed: {await output}{await errors}");
    }
}
