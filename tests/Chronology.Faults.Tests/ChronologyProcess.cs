using System.Diagnostics;

namespace Chronology.Faults.Tests;

/// <summary>
/// The built API or worker running as a process of its own on loopback, as in production, so that a scenario can kill
/// it with SIGKILL. Its output goes to a log file under artifacts/faults.
/// </summary>
public sealed class ChronologyProcess : IAsyncDisposable
{
    public const string EditorKey = "faults-editor-key-0123456789";
    public const string AdminKey = "faults-admin-key-0123456789";

    private static int nextPort = 28400;
    private readonly Process process;

    private ChronologyProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>An API, on <paramref name="url"/> (to restart one where its clients expect it) or a port of its own.</summary>
    public static Task<ChronologyProcess> StartApi(string connection, string log, Uri? url = null) =>
        Start("Chronology.Api", connection, log, url ?? NextUrl());

    /// <summary>A worker; it listens only for its health endpoints, which say when it has started.</summary>
    public static Task<ChronologyProcess> StartWorker(string connection, string log) => Start("Chronology.Worker", connection, log, NextUrl());

    private static Uri NextUrl() => new($"http://127.0.0.1:{Interlocked.Increment(ref nextPort)}");

    private static async Task<ChronologyProcess> Start(string project, string connection, string log, Uri url)
    {
        var dll = Repository.Built(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__chronology"] = connection,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["RateLimit__PermitsPerMinute"] = "0",
                ["Logging__LogLevel__Default"] = "Warning",
                // Which agents start, stop and restart where: what a scenario that leaves a view behind needs to show.
                ["Logging__LogLevel__Wolverine.Runtime.Agents"] = "Information",
                ["Logging__LogLevel__JasperFx.Events"] = "Information",
                ["Logging__LogLevel__Marten.Events.Daemon"] = "Information",
                ["Auth__Principals__0__Name"] = "editor",
                ["Auth__Principals__0__Key"] = EditorKey,
                ["Auth__Principals__0__Roles__0"] = "editor",
                ["Auth__Principals__1__Name"] = "admin",
                ["Auth__Principals__1__Key"] = AdminKey,
                ["Auth__Principals__1__Roles__0"] = "admin",
                ["Auth__Principals__1__Roles__1"] = "editor",
            },
        };
        foreach (var argument in new[] { dll, "--urls", url.ToString() }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (writer) writer.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (writer) writer.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => writer.Dispose();
        process.EnableRaisingEvents = true;

        var started = new ChronologyProcess(process, url);
        await started.WaitUntilReady(project, log);
        return started;
    }

    private async Task WaitUntilReady(string project, string log)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"{project} stopped at start; see {log}");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{project} was not ready after 60 s; see {log}");
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task Kill()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        process.Dispose();
    }
}
