using Npgsql;

namespace Chronology.Bench;

/// <summary>What to run and how long: the full run, or the quick one that only proves the harness works.</summary>
public sealed record Settings
{
    public required bool Quick { get; init; }
    public required string Connection { get; init; }
    public required string Database { get; init; }
    public required string Repo { get; init; }
    public required string Commit { get; init; }
    public required string Command { get; init; }
    public required string OutputFolder { get; init; }
    public string PgBench { get; init; } = "/usr/lib/postgresql/15/bin/pgbench";
    /// <summary>Scenario keys to run (cold start always runs: it starts the processes); null runs them all.</summary>
    public IReadOnlySet<string>? Only { get; init; }
    /// <summary>The lag scenario's edit rate; by default half the best median of scenario 3a (which must then run too).</summary>
    public double? LagRate { get; init; }
    /// <summary>The projections the rebuild scenario rebuilds (all three unless --rebuild-projections names some).</summary>
    public string[] RebuildProjections { get; init; } = ["records", "revisions", "changes"];
    /// <summary>Quick runs and partial runs are not a full measurement: their files say so in their names.</summary>
    public bool Partial => Quick || Only is not null;

    public string ApiDll => Path.Combine(Repo, "src/Chronology.Api/bin/Release/net10.0/Chronology.Api.dll");
    public string WorkerDll => Path.Combine(Repo, "src/Chronology.Worker/bin/Release/net10.0/Chronology.Worker.dll");
    public string PeerDll => Path.Combine(Repo, "bench/CrudPeer/bin/Release/net10.0/CrudPeer.dll");
    public string LogFolder => Path.Combine(OutputFolder, "raw", "logs");

    public const string AdminKey = "bench-admin-editor-key";
    public const string Schema = "bench";
    public const string RebuildSchema = "bench_rebuild";
    // Below Linux's ephemeral range (32768–60999): a port in it can already be the local end of some outgoing connection
    // (the processes' own PostgreSQL connections), and then the server cannot bind it.
    public const int ApiPort = 28081, WorkerPort = 28082, PeerPort = 28083, RebuildApiPort = 28084, RebuildWorkerPort = 28085;

    /// <summary>How often every figure is measured (min / median / max): 3, 1 when quick, or --runs N.</summary>
    public required int Runs { get; init; }
    public int[] CeilingClients => Quick ? [1, 8] : [1, 8, 32];
    public int[] EditClients => Quick ? [1, 8] : [1, 8, 32, 64];
    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(1.5);
    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(6);
    public int Records => Quick ? 50 : 1000;
    public TimeSpan LagDuration => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(60);
    /// <summary>Events for the rebuild scenario: 1,000,000 over 50,000 records unless --rebuild-events says otherwise; quick: 2,000 over 100.</summary>
    public int RebuildEvents { get; init; } = 1_000_000;
    public int RebuildRevisions => 20;
    public int RebuildRecords => Quick ? 100 : Math.Max(1, RebuildEvents / RebuildRevisions);
    // A million events take the worker minutes to project after the load, and the revisions view minutes per rebuild:
    // the budgets leave room for three runs of each projection at that size.
    public TimeSpan CatchUpBudget => Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(15);
    public TimeSpan RebuildBudget => Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromMinutes(45);
    public int TimeTravelRevisions => Quick ? 200 : 10_000;
    public int TimeTravelRequests => Quick ? 20 : 200;
    public int ColdStarts => Quick ? 1 : 3;

    public NpgsqlConnectionStringBuilder ConnectionParts => new(Connection);

    public static Settings Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        string Required(string name) => Value(name) ?? throw new ArgumentException($"missing {name}");
        var repo = Path.GetFullPath(Required("--repo"));
        return new Settings
        {
            Quick = args.Contains("--quick"),
            Runs = Value("--runs") is { } runs ? int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture) : args.Contains("--quick") ? 1 : 3,
            Connection = Required("--connection"),
            Database = new NpgsqlConnectionStringBuilder(Required("--connection")).Database ?? "chronology_bench",
            Repo = repo,
            Commit = Value("--commit") ?? "unknown",
            Command = Value("--command") ?? "bench/run.sh",
            OutputFolder = Path.GetFullPath(Value("--out") ?? Path.Combine(repo, "bench/results")),
            PgBench = Value("--pgbench") ?? "/usr/lib/postgresql/15/bin/pgbench",
            Only = Value("--only") is { } only ? only.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : null,
            LagRate = Value("--lag-rate") is { } lagRate ? double.Parse(lagRate, System.Globalization.CultureInfo.InvariantCulture) : null,
            RebuildProjections = Value("--rebuild-projections")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? ["records", "revisions", "changes"],
            RebuildEvents = Value("--rebuild-events") is { } events ? int.Parse(events, System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        };
    }

    public Dictionary<string, string> ChronologyEnvironment(string schema) => new()
    {
        ["ConnectionStrings__chronology"] = Connection,
        ["Store__Schema"] = schema,
        ["Auth__Principals__0__Name"] = "bench",
        ["Auth__Principals__0__Key"] = AdminKey,
        ["Auth__Principals__0__Roles__0"] = "admin",
        ["Auth__Principals__0__Roles__1"] = "editor",
        ["RateLimit__PermitsPerMinute"] = "0",
    };
}
