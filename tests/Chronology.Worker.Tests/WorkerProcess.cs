using System.Diagnostics;
using System.Text;
using Chronology.Faults.Tests;

namespace Chronology.Worker.Tests;

/// <summary>The built worker (Chronology.Worker.dll) as a process of its own, so a test can kill it with SIGKILL or run its command line.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process) => this.process = process;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static WorkerProcess Start(IEnumerable<KeyValuePair<string, string?>> settings, params string[] arguments)
    {
        var dll = Repository.Built("Chronology.Worker");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Development", ["Logging__LogLevel__Default"] = "Warning" },
        };
        foreach (var (name, value) in settings) start.Environment[name.Replace(":", "__")] = value;
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var worker = new WorkerProcess(Process.Start(start)!);
        worker.process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        worker.process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for the process to end by itself; answers its exit code.</summary>
    public async Task<int> Exited(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL (a no-op once it has ended): the worker gets no chance to finish or hand back anything.</summary>
    public Task Kill()
    {
        process.Kill(entireProcessTree: true);
        return process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        using (process) await Kill();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }
}
