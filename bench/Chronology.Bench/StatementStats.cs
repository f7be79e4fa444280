using System.Diagnostics;
using Npgsql;

namespace Chronology.Bench;

/// <summary>
/// PostgreSQL's own account of a load window (pg_stat_statements, which deploy/postgres.sh preloads): which
/// statements ran, how often per request and how much server time each took. Statements inside functions count too
/// (track = all), so the work inside mt_quick_append_events shows beside the call itself.
/// </summary>
public sealed class StatementStats
{
    private readonly string connectionString;
    private readonly string database;
    private readonly Stopwatch window = new();

    private StatementStats(string connectionString, string database) => (this.connectionString, this.database) = (connectionString, database);

    /// <summary>
    /// Starts a window: the statistics of every database on the server are reset (the benchmark runs alone). Null when
    /// the server was started without the library (a server started before deploy/postgres.sh preloaded it).
    /// </summary>
    public static async Task<StatementStats?> Start(string connectionString, string database)
    {
        var stats = new StatementStats(connectionString, database);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        try
        {
            await using (var create = new NpgsqlCommand("create extension if not exists pg_stat_statements", connection)) await create.ExecuteNonQueryAsync();
            await using (var reset = new NpgsqlCommand("select pg_stat_statements_reset()", connection)) await reset.ExecuteNonQueryAsync();
        }
        catch (PostgresException)
        {
            return null;
        }
        stats.window.Start();
        return stats;
    }

    /// <summary>The statements that took the most server time, per request at the window's request rate.</summary>
    public async Task<List<Dictionary<string, object>>> Top(double requestsPerSecond, int count = 12)
    {
        var seconds = window.Elapsed.TotalSeconds;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select s.toplevel, s.calls, s.total_exec_time, s.rows, regexp_replace(left(s.query, 160), '\s+', ' ', 'g')
            from pg_stat_statements s join pg_database d on d.oid = s.dbid
            where d.datname = @db and s.query not ilike '%pg_stat_statements%'
            order by s.total_exec_time desc limit @count
            """, connection);
        command.Parameters.AddWithValue("db", database);
        command.Parameters.AddWithValue("count", count);
        var top = new List<Dictionary<string, object>>();
        await using var reader = await command.ExecuteReaderAsync();
        var requests = Math.Max(1, requestsPerSecond * seconds);
        while (await reader.ReadAsync())
            top.Add(new Dictionary<string, object>
            {
                ["calls per request"] = Math.Round(reader.GetInt64(1) / requests, 3),
                ["server ms per request"] = Math.Round(reader.GetDouble(2) / requests, 3),
                ["ms per call"] = Math.Round(reader.GetDouble(2) / Math.Max(1, reader.GetInt64(1)), 3),
                ["nested"] = !reader.GetBoolean(0),
                ["statement"] = reader.GetString(4),
            });
        return top;
    }
}
