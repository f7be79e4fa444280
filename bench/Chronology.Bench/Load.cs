using System.Diagnostics;

namespace Chronology.Bench;

/// <summary>How one request (or one logical edit with its retries) went.</summary>
public readonly record struct Outcome(bool Ok, int Status, int Retries = 0);

public sealed class LoadResult
{
    public required double Seconds { get; init; }
    public required double[] LatenciesMs { get; init; } // sorted, successful operations only
    public required long Errors { get; init; }
    public required long Retries { get; init; }
    public required Dictionary<string, long> ErrorsByStatus { get; init; }
    public double Throughput => LatenciesMs.Length / Seconds;
    public double P(double percentile) => Stats.Percentile(LatenciesMs, percentile);
}

/// <summary>
/// Closed-loop load (N clients, each sends its next request when the last answered) for a fixed time, and
/// open-loop load (a fixed rate, latency measured from the scheduled start so queueing is not hidden).
/// Percentiles are computed by sorting every latency: exact, and cheap at these counts.
/// </summary>
public static class Load
{
    public static async Task<LoadResult> Closed(int clients, TimeSpan warmup, TimeSpan duration, Func<int, long, Task<Outcome>> operation)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureTo = warmup + duration;
        var perClient = new List<double>[clients];
        var errors = new long[clients];
        var retries = new long[clients];
        var statuses = new Dictionary<string, long>[clients];
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var latencies = perClient[client] = new List<double>(4096);
            var byStatus = statuses[client] = [];
            for (long sequence = 0; clock.Elapsed < measureTo; sequence++)
            {
                var started = clock.Elapsed;
                Outcome outcome;
                try
                {
                    outcome = await operation(client, sequence);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    outcome = new Outcome(false, -1);
                }
                var ended = clock.Elapsed;
                if (started < measureFrom || ended > measureTo) continue;
                retries[client] += outcome.Retries;
                if (outcome.Ok) latencies.Add((ended - started).TotalMilliseconds);
                else
                {
                    errors[client]++;
                    var key = outcome.Status < 0 ? "exception" : outcome.Status.ToString();
                    byStatus[key] = byStatus.GetValueOrDefault(key) + 1;
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return Result(duration.TotalSeconds, perClient, errors, retries, statuses);
    }

    /// <summary>Requests at a fixed rate for a fixed time, sent by up to <paramref name="senders"/> concurrent senders.</summary>
    public static async Task<LoadResult> Open(double perSecond, TimeSpan duration, int senders, Func<long, Task<Outcome>> operation)
    {
        var clock = Stopwatch.StartNew();
        var total = (long)(perSecond * duration.TotalSeconds);
        long next = -1;
        var perSender = new List<double>[senders];
        var errors = new long[senders];
        var retries = new long[senders];
        var statuses = new Dictionary<string, long>[senders];
        var tasks = Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            var latencies = perSender[sender] = new List<double>(4096);
            var byStatus = statuses[sender] = [];
            while (true)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence >= total) break;
                var scheduled = TimeSpan.FromSeconds(sequence / perSecond);
                var wait = scheduled - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                Outcome outcome;
                try
                {
                    outcome = await operation(sequence);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    outcome = new Outcome(false, -1);
                }
                retries[sender] += outcome.Retries;
                if (outcome.Ok) latencies.Add((clock.Elapsed - scheduled).TotalMilliseconds);
                else
                {
                    errors[sender]++;
                    var key = outcome.Status < 0 ? "exception" : outcome.Status.ToString();
                    byStatus[key] = byStatus.GetValueOrDefault(key) + 1;
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return Result(Math.Max(duration.TotalSeconds, clock.Elapsed.TotalSeconds), perSender, errors, retries, statuses);
    }

    private static LoadResult Result(double seconds, List<double>[] latencies, long[] errors, long[] retries, Dictionary<string, long>[] statuses)
    {
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var byStatus = new Dictionary<string, long>();
        foreach (var map in statuses)
        foreach (var (key, count) in map)
            byStatus[key] = byStatus.GetValueOrDefault(key) + count;
        return new LoadResult
        {
            Seconds = seconds, LatenciesMs = all, Errors = errors.Sum(), Retries = retries.Sum(), ErrorsByStatus = byStatus,
        };
    }
}
