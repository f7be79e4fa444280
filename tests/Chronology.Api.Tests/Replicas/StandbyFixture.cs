using System.Diagnostics;
using Npgsql;

namespace Chronology.Api.Tests.Replicas;

/// <summary>
/// A host whose reads go to a real streaming standby of the test server: deploy/standby.sh starts it (a pg_basebackup
/// of the primary the first time, a no-op when it runs) on CHRONOLOGY_STANDBY_PORT (55433 by default).
/// </summary>
public sealed class StandbyFixture : ApiFixture
{
    public string Primary { get; private set; } = "";

    public string Standby { get; private set; } = "";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:standby"] = Standby,
    };

    protected override string Connection(string testDatabase)
    {
        Primary = testDatabase;
        var primary = new NpgsqlConnectionStringBuilder(testDatabase);
        StartStandby(primary.Port);
        Standby = new NpgsqlConnectionStringBuilder(testDatabase) { Port = StandbyPort }.ConnectionString;
        return testDatabase;
    }

    private static int StandbyPort => int.Parse(Environment.GetEnvironmentVariable("CHRONOLOGY_STANDBY_PORT") ?? "55433");

    /// <summary>Stops the standby (fast shutdown), as when its server goes away.</summary>
    public void StopStandby() => Script("stop", new NpgsqlConnectionStringBuilder(Primary).Port);

    public void StartStandby() => Script("start", new NpgsqlConnectionStringBuilder(Primary).Port);

    private static void StartStandby(int primaryPort) => Script("start", primaryPort);

    private static void Script(string action, int primaryPort)
    {
        var script = Path.Combine(Deploy.Checkout.Root, "deploy", "standby.sh");
        var start = new ProcessStartInfo(script, action) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["CHRONOLOGY_PG_PORT"] = primaryPort.ToString();
        start.Environment["CHRONOLOGY_STANDBY_PORT"] = StandbyPort.ToString();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} {action} failed: {errors.Result}");
    }
}

[CollectionDefinition(Name)]
public sealed class StandbyCollection : ICollectionFixture<StandbyFixture>
{
    public const string Name = "reads from a standby";
}
