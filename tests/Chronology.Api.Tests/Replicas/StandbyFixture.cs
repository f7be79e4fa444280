using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba;
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

    /// <summary>
    /// Reads a resource served by the standby, asking again (20 s at most) while it answers 404: the standby shows a write
    /// only once the daemon has projected it on the primary and the standby has replayed that, which takes a moment under load.
    /// </summary>
    public async Task<JsonNode> ReadOnceReplayed(string url)
    {
        for (var tries = 0; ; tries++)
        {
            var answer = await Host.Scenario(request =>
            {
                request.Get.Url(url);
                request.IgnoreStatusCode();
            });
            var status = answer.Context.Response.StatusCode;
            if (status == 200) return (await answer.ReadAsJsonAsync<JsonNode>())!;
            if (status != 404 || tries >= 200)
                throw new Xunit.Sdk.XunitException($"GET {url} answered {status}: {await answer.ReadAsTextAsync()}");
            await Task.Delay(100);
        }
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
