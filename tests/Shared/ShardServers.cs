using System.Diagnostics;
using Npgsql;

namespace Chronology.Tests.Shared;

/// <summary>
/// Databases for chronologies of their own: one beside the test database on the test server, one on a second server that
/// deploy/shards.sh starts (a no-op when it runs) on CHRONOLOGY_SHARD_PORT (55444 by default).
/// </summary>
public static class ShardServers
{
    public static int Port => int.Parse(Environment.GetEnvironmentVariable("CHRONOLOGY_SHARD_PORT") ?? "55444");

    /// <summary>Creates (when missing) the test database's <paramref name="suffix"/> twins on both servers; their connection strings.</summary>
    public static (string SameServer, string OtherServer) Databases(string checkout, string testDatabase, string suffix)
    {
        var test = new NpgsqlConnectionStringBuilder(testDatabase);
        // Names of their own on each server: on one host, databases are told apart by name (ChronologyCatalogue).
        var (name, other) = ($"{test.Database}_{suffix}", $"{test.Database}_{suffix}_shard");
        Script(checkout, "postgres.sh", $"createdb {name}", ("CHRONOLOGY_PG_PORT", test.Port.ToString()));
        Script(checkout, "shards.sh", "start", ("CHRONOLOGY_SHARD_PORT", Port.ToString()));
        Script(checkout, "shards.sh", $"createdb {other}", ("CHRONOLOGY_SHARD_PORT", Port.ToString()));
        return (new NpgsqlConnectionStringBuilder(testDatabase) { Database = name }.ConnectionString,
                new NpgsqlConnectionStringBuilder(testDatabase) { Port = Port, Database = other }.ConnectionString);
    }

    private static void Script(string checkout, string script, string arguments, params (string Name, string Value)[] environment)
    {
        var path = Path.Combine(checkout, "deploy", script);
        var start = new ProcessStartInfo(path, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{path} {arguments} failed: {errors.Result}");
    }
}
