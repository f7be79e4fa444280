using System.Diagnostics;

namespace Chronology.Bench;

/// <summary>A process the benchmark starts and stops itself (API, worker, peer), with its output in a log file.</summary>
public sealed class Managed : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    public string Name { get; }
    public string Url { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public string ExitDescription => process.HasExited ? $"{Name} exited with {process.ExitCode}" : $"{Name} running";
    public Stopwatch SinceStart { get; }

    private Managed(string name, string url, Process process, StreamWriter log, Stopwatch sinceStart)
    {
        Name = name;
        Url = url;
        this.process = process;
        this.log = log;
        SinceStart = sinceStart;
    }

    public static Managed Start(string name, string dll, int port, IDictionary<string, string> environment, string logPath)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_NOLOGO"] = "1";

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Managed(name, url, process, log, clock);
    }

    /// <summary>Polls /health/ready every 10 ms; answers the time from process start to the first 200.</summary>
    public async Task<TimeSpan> WaitReady(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (SinceStart.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was ready; see its log");
            try
            {
                using var response = await http.GetAsync($"{Url}/health/ready");
                if (response.IsSuccessStatusCode) return SinceStart.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}");
    }

    /// <summary>Peak resident memory (VmHWM) in MiB.</summary>
    public double PeakMemoryMiB() => ProcFs.StatusKiB(Pid, "VmHWM") / 1024.0;

    public double MemoryMiB() => ProcFs.StatusKiB(Pid, "VmRSS") / 1024.0;

    /// <summary>Resets the peak (VmHWM) to the current resident size: writes 5 to /proc/pid/clear_refs.</summary>
    public bool ResetPeakMemory()
    {
        try
        {
            File.WriteAllText($"/proc/{Pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        process.Dispose();
        lock (log) log.Dispose();
    }
}

public static class ProcFs
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static long StatusKiB(int pid, string field) => StatusLikeKiB($"/proc/{pid}/status", field);

    /// <summary>A "Name:   123 kB" line of /proc/pid/status or /proc/meminfo.</summary>
    public static long StatusLikeKiB(string path, string field)
    {
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>CPU seconds (user + system) a process has used so far, 0 if it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>The pids of every process whose command name is <paramref name="comm"/> (e.g. every PostgreSQL backend).</summary>
    public static IEnumerable<int> Named(string comm)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string name;
            try
            {
                name = File.ReadAllText($"{dir}/comm").Trim();
            }
            catch (IOException)
            {
                continue;
            }
            if (name == comm) yield return pid;
        }
    }

    public static double TotalCpuSeconds(string comm) => Named(comm).Sum(CpuSeconds);

    /// <summary>Machine-wide busy and total CPU seconds from /proc/stat.</summary>
    public static (double Busy, double Total) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }
}

/// <summary>CPU used by each process group over a measured window, in cores (CPU seconds / wall seconds).</summary>
public sealed class CpuWindow
{
    private readonly Dictionary<string, Func<double>> sources;
    private readonly Dictionary<string, double> start;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly (double Busy, double Total) machine = ProcFs.MachineCpu();

    public CpuWindow(Dictionary<string, Func<double>> sources)
    {
        this.sources = sources;
        start = sources.ToDictionary(s => s.Key, s => s.Value());
    }

    public Dictionary<string, double> Cores()
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var result = sources.ToDictionary(s => s.Key, s => Math.Round((s.Value() - start[s.Key]) / seconds, 2));
        var now = ProcFs.MachineCpu();
        var busy = (now.Busy - machine.Busy) / seconds;
        result["machine busy"] = Math.Round(busy, 2);
        // Whatever else runs on the machine (other builds and test runs share it): busy minus the processes named above.
        result["everything else"] = Math.Round(Math.Max(0, busy - result.Where(r => r.Key != "machine busy").Sum(r => r.Value)), 2);
        result["load average (1 min) at end"] = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }
}
