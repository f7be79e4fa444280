using Npgsql;

namespace Chronology.Api.Replicas;

/// <summary>
/// The data source reads use when a standby is configured (<c>ConnectionStrings:standby</c>): Npgsql's
/// multi-host data source over the standby hosts and the primary, with prefer-standby, so a read goes to a standby that
/// answers and falls back to the primary when none does. Null without a standby.
/// </summary>
public sealed class StandbyConnection(NpgsqlDataSource? reads) : IAsyncDisposable
{
    public const string Name = "standby";

    public NpgsqlDataSource? Reads { get; } = reads;

    public static StandbyConnection From(IConfiguration configuration, string primary)
    {
        if (configuration.GetConnectionString(Name) is not { Length: > 0 } standby) return new(null);
        // A standby that was away is tried again after 2 s (Npgsql's default: 10 s), so reads return to it soon.
        var hosts = new NpgsqlConnectionStringBuilder(primary) { Host = $"{Hosts(standby)},{Hosts(primary)}", HostRecheckSeconds = 2 };
        return new(new NpgsqlDataSourceBuilder(hosts.ConnectionString).BuildMultiHost().WithTargetSession(TargetSessionAttributes.PreferStandby));
    }

    /// <summary>The hosts of a connection string as <c>host:port,…</c>, so that two servers' strings can be listed together.</summary>
    private static string Hosts(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Join(',', builder.Host!.Split(',').Select(host => host.Contains(':') ? host : $"{host}:{builder.Port}"));
    }

    public ValueTask DisposeAsync() => Reads?.DisposeAsync() ?? ValueTask.CompletedTask;
}
