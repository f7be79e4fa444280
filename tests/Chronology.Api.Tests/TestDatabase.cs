using Testcontainers.PostgreSql;

namespace Chronology.Api.Tests;

/// <summary>
/// A real PostgreSQL for the tests: the one named by CHRONOLOGY_TEST_CONNECTION (test.sh starts a local
/// server), otherwise a Testcontainers PostgreSQL where a Docker engine is reachable.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "CHRONOLOGY_TEST_CONNECTION";

    private static readonly Lazy<Task<string>> Connection = new(Start);

    public static Task<string> ConnectionString() => Connection.Value;

    private static async Task<string> Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured) return configured;
        var container = new PostgreSqlBuilder("postgres:15").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }
}
