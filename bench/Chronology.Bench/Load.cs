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
        var tallies = Enumerable.Range(0, clients).Select(_ => new Tally()).ToArray();
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (long sequence = 0; clock.Elapsed < measureTo; sequence++)
            {
                var started = clock.Elapsed;
                var outcome = await Attempt(() => operation(client, sequence));
                var ended = clock.Elapsed;
                if (started >= measureFrom && ended <= measureTo) tallies[client].Add(outcome, (ended - started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return Tally.Result(duration.TotalSeconds, tallies);
    }

    /// <summary>Requests at a fixed rate for a fixed time, sent by up to <paramref name="senders"/> concurrent senders.</summary>
    public static async Task<LoadResult> Open(double perSecond, TimeSpan duration, int senders, Func<long, Task<Outcome>> operation)
    {
        var clock = Stopwatch.StartNew();
        var total = (long)(perSecond * duration.TotalSeconds);
        long next = -1;
        var tallies = Enumerable.Range(0, senders).Select(_ => new Tally()).ToArray();
        var tasks = Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            while (true)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence >= total) break;
                var scheduled = TimeSpan.FromSeconds(sequence / perSecond);
                var wait = scheduled - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                var outcome = await Attempt(() => operation(sequence));
                // Latency from the scheduled start, so a sender that fell behind does not hide the queueing.
                tallies[sender].Add(outcome, (clock.Elapsed - scheduled).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return Tally.Result(Math.Max(duration.TotalSeconds, clock.Elapsed.TotalSeconds), tallies);
    }

    private static async Task<Outcome> Attempt(Func<Task<Outcome>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Outcome(false, -1);
        }
    }

    /// <summary>One client's (or sender's) outcomes; merged into the result at the end, so clients never share state.</summary>
    private sealed class Tally
    {
        private readonly List<double> latencies = new(4096);
        private readonly Dictionary<string, long> errorsByStatus = [];
        private long errors, retries;

        public void Add(Outcome outcome, double latencyMs)
        {
            retries += outcome.Retries;
            if (outcome.Ok)
            {
                latencies.Add(latencyMs);
                return;
            }
            errors++;
            var key = outcome.Status < 0 ? "exception" : outcome.Status.ToString();
            errorsByStatus[key] = errorsByStatus.GetValueOrDefault(key) + 1;
        }

        public static LoadResult Result(double seconds, Tally[] tallies)
        {
            var all = tallies.SelectMany(t => t.latencies).ToArray();
            Array.Sort(all);
            var byStatus = new Dictionary<string, long>();
            foreach (var (key, count) in tallies.SelectMany(t => t.errorsByStatus))
                byStatus[key] = byStatus.GetValueOrDefault(key) + count;
            return new LoadResult
            {
                Seconds = seconds, LatenciesMs = all, Errors = tallies.Sum(t => t.errors), Retries = tallies.Sum(t => t.retries),
                ErrorsByStatus = byStatus,
            };
        }
    }
}
