using Npgsql;

namespace Chronology.Bench;

/// <summary>
/// Samples pg_stat_activity every 50 ms while a load runs: what the benchmark database's active backends are
/// doing (on CPU, or waiting for the WAL flush, a lock, the client, …); <see cref="StatementStats"/> says which
/// statements the time went to.
/// </summary>
public sealed class PgSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private readonly Dictionary<string, long> counts = [];
    private long samples;

    public PgSampler(string connectionString, string database)
    {
        sampling = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select coalesce(wait_event_type || ':' || wait_event, 'CPU (not waiting)') as what, count(*) " +
                "from pg_stat_activity where datname = @db and state = 'active' and pid <> pg_backend_pid() group by 1", connection);
            command.Parameters.AddWithValue("db", database);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using (var reader = await command.ExecuteReaderAsync(stop.Token))
                        while (await reader.ReadAsync(stop.Token))
                        {
                            var what = reader.GetString(0);
                            counts[what] = counts.GetValueOrDefault(what) + reader.GetInt64(1);
                        }
                    samples++;
                    await Task.Delay(50, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    /// <summary>Average number of active backends in each state, most frequent first.</summary>
    public async Task<Dictionary<string, double>> Finish()
    {
        await stop.CancelAsync();
        await sampling;
        return counts.OrderByDescending(c => c.Value).Take(8)
            .ToDictionary(c => c.Key, c => Math.Round((double)c.Value / Math.Max(1, samples), 2));
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        try
        {
            await sampling;
        }
        catch (Exception)
        {
            // best effort: a diagnostic must not fail the run
        }
        stop.Dispose();
    }
}
