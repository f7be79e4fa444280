using System.Collections.Concurrent;
using System.Diagnostics;
using Chronology.Domain.Views;
using Npgsql;

namespace Chronology.Bench;

/// <summary>
/// Measures projection lag: for each sampled write, the time from its answer until the current-state view (the table
/// GET /records/{id} reads) holds its revision. One query every 10 ms asks for every pending sample at once, so the
/// measurement adds the same small load whatever the lag is; polling the API once per sample every 10 ms added load in
/// proportion to the lag itself, and so inflated it (see bench/README.md).
/// </summary>
public sealed class VisibilityWatcher : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(Guid Record, int Revision), long> pending = new();
    private readonly ConcurrentBag<(DateTime AnsweredUtc, double LagMs)> lags = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;
    private long invisible;

    public VisibilityWatcher(string connectionString, string schema)
    {
        var table = CurrentRecordProjection.CurrentVersion > 1
            ? $"{schema}.mt_doc_currentrecord_{CurrentRecordProjection.CurrentVersion}"
            : $"{schema}.mt_doc_currentrecord";
        watching = Task.Run(() => Watch(connectionString, table));
    }

    public IReadOnlyCollection<double> LagsMs => lags.Select(sample => sample.LagMs).ToArray();

    /// <summary>Every visible sample with the wall-clock time of its answer, to line the lag up with the processes' logs.</summary>
    public IEnumerable<(DateTime AnsweredUtc, double LagMs)> Timeline => lags.OrderBy(sample => sample.AnsweredUtc);

    public long Invisible => Interlocked.Read(ref invisible);

    /// <summary>A write of <paramref name="revision"/> answered at <paramref name="answeredAt"/> (a Stopwatch timestamp).</summary>
    public void Expect(Guid record, int revision, long answeredAt) => pending.TryAdd((record, revision), answeredAt);

    /// <summary>Waits until every sample is visible or has been given up on.</summary>
    public async Task Drain()
    {
        while (!pending.IsEmpty) await Task.Delay(10);
    }

    private async Task Watch(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, (data ->> 'revision')::int from {table} where id = any(@ids)", connection);
        var ids = new NpgsqlParameter<Guid[]>("ids", []);
        command.Parameters.Add(ids);
        while (!stop.IsCancellationRequested)
        {
            if (!pending.IsEmpty)
            {
                ids.TypedValue = pending.Keys.Select(key => key.Record).Distinct().ToArray();
                var visible = new Dictionary<Guid, int>();
                await using (var reader = await command.ExecuteReaderAsync())
                    while (await reader.ReadAsync())
                        visible[reader.GetGuid(0)] = reader.GetInt32(1);
                var now = Stopwatch.GetTimestamp();
                foreach (var (key, answeredAt) in pending)
                {
                    if (visible.TryGetValue(key.Record, out var revision) && revision >= key.Revision)
                    {
                        var lag = Stopwatch.GetElapsedTime(answeredAt, now);
                        lags.Add((DateTime.UtcNow - Stopwatch.GetElapsedTime(answeredAt), lag.TotalMilliseconds));
                    }
                    else if (Stopwatch.GetElapsedTime(answeredAt, now) < GiveUpAfter)
                        continue;
                    else
                        Interlocked.Increment(ref invisible);
                    pending.TryRemove(key, out _);
                }
            }
            try
            {
                await Task.Delay(10, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching;
        stop.Dispose();
    }
}
