using System.Diagnostics;
using Npgsql;

namespace Chronology.Faults.Tests;

/// <summary>
/// The suite's own PostgreSQL (deploy/postgres.sh with a port and data folder of its own), so restarting it under
/// load never disturbs the other tests' server. Each scenario gets a database of its own.
/// </summary>
public sealed class FaultPostgres : IAsyncLifetime
{
    public const int Port = 55441;
    public const string DataFolder = "/var/tmp/chronology-faults-pg/data";

    public Task InitializeAsync() => Script("start");

    public Task DisposeAsync() => Script("stop");

    /// <summary>An empty database: one left by an earlier run is dropped first.</summary>
    public async Task<string> CreateDatabase(string name)
    {
        // Not pooled: a pooled connection from before a scenario's crash and restart of PostgreSQL is dead.
        await using (var server = new NpgsqlConnection(ConnectionTo("postgres") + ";Pooling=false"))
        {
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", server);
            await drop.ExecuteNonQueryAsync();
        }
        await Script("createdb", name);
        return ConnectionTo(name);
    }

    private static string ConnectionTo(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres";

    /// <summary>
    /// A crash (<c>pg_ctl stop -m immediate</c>: no checkpoint, recovery on start), the server left down for
    /// <paramref name="down"/>, then started again; returns how long PostgreSQL was away. A plain restart was over in half
    /// a second on a fast host, too short for anything waiting on it to notice.
    /// </summary>
    public async Task<TimeSpan> CrashFor(TimeSpan down)
    {
        var away = Stopwatch.StartNew();
        await Script("stop", "immediate");
        await Task.Delay(down);
        await Script("start");
        return away.Elapsed;
    }

    /// <summary>Terminates every connection to <paramref name="database"/> (what a failover or a pooler's restart does to clients); returns how many.</summary>
    public async Task<int> DropConnections(string database)
    {
        await using var server = new NpgsqlConnection(ConnectionTo("postgres") + ";Pooling=false");
        await server.OpenAsync();
        await using var terminate = new NpgsqlCommand(
            "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity where datname = @database and pid <> pg_backend_pid()", server);
        terminate.Parameters.AddWithValue("database", database);
        return (int)(long)(await terminate.ExecuteScalarAsync())!;
    }

    private static Task Script(params string[] arguments) => DeployScript.Run("postgres.sh",
        new Dictionary<string, string> { ["CHRONOLOGY_PG_PORT"] = Port.ToString(), ["CHRONOLOGY_PG_DATA"] = DataFolder }, arguments);
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultPostgres>
{
    public const string Name = "faults";
}
