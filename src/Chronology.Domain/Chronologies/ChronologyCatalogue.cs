using System.Text.RegularExpressions;
using JasperFx;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chronology.Domain.Chronologies;

/// <summary>
/// Which chronologies exist and which database holds each: the default one in <c>ConnectionStrings:chronology</c>, every
/// other one in the database its <c>Chronologies:&lt;name&gt;</c> setting names, on any PostgreSQL server. Each chronology
/// is a Marten tenant with a database of its own (static database-per-tenant), so its events, views and transparency log
/// live apart from every other chronology's. With no chronology configured the store keeps its single database.
/// </summary>
public sealed partial class ChronologyCatalogue
{
    public const string Section = "Chronologies";
    public const string DefaultName = "default";

    private readonly IReadOnlyDictionary<string, string> shards;

    private ChronologyCatalogue(IReadOnlyDictionary<string, string> shards) => this.shards = shards;

    /// <summary>Only the default chronology, in the one database: the store as it is without any configured chronology.</summary>
    public static ChronologyCatalogue Single { get; } = new(new Dictionary<string, string>());

    /// <summary>Whether chronologies other than the default one are configured: the store then has a database per chronology.</summary>
    public bool IsSharded => shards.Count > 0;

    /// <summary>Every chronology's name, the default one first.</summary>
    public IReadOnlyList<string> Names => [DefaultName, .. shards.Keys.Order(StringComparer.Ordinal)];

    public bool Knows(string name) => name == DefaultName || shards.ContainsKey(name);

    /// <summary>
    /// The Marten tenant of a chronology. The default chronology is Marten's default tenant, so that its sessions, events
    /// and messages are exactly those of a store without chronologies.
    /// </summary>
    public static string TenantId(string name) => name == DefaultName ? StorageConstants.DefaultTenantId : name;

    public static ChronologyCatalogue From(IConfiguration configuration, string defaultConnection)
    {
        var shards = new Dictionary<string, string>(StringComparer.Ordinal);
        var databases = new Dictionary<string, string> { [Server(defaultConnection)] = DefaultName };
        foreach (var setting in configuration.GetSection(Section).GetChildren())
        {
            if (!ValidName().IsMatch(setting.Key) || setting.Key == DefaultName)
                throw new InvalidOperationException(
                    $"{Section}:{setting.Key}: a chronology's name is lower-case letters, digits and inner hyphens (at most 63), and not '{DefaultName}'.");
            if (setting.Value is not { Length: > 0 } connection)
                throw new InvalidOperationException($"{Section}:{setting.Key} names no connection string.");
            // Two chronologies in one database would share one event store, one daemon and one log: each needs its own.
            // Wolverine names a projection's agent by the database's host and name, not its port, so two databases of one
            // name on two servers of one host would be taken for one and only one of them projected: their names must differ.
            if (!databases.TryAdd(Server(connection), setting.Key))
                throw new InvalidOperationException(
                    $"{Section}:{setting.Key} names a database called like that of chronology '{databases[Server(connection)]}' on the same host; every chronology needs a database of its own, and on one host a name of its own.");
            shards[setting.Key] = connection;
        }
        return shards.Count == 0 ? Single : new ChronologyCatalogue(shards);
    }

    /// <summary>Reads the configured chronologies and makes them known to whoever needs the list (the log's signer, the API's routing).</summary>
    public static ChronologyCatalogue Register(IServiceCollection services, IConfiguration configuration, string defaultConnection)
    {
        var catalogue = From(configuration, defaultConnection);
        services.AddSingleton(catalogue);
        return catalogue;
    }

    /// <summary>One database per chronology; the default chronology's, registered first, is Marten's default tenant's.</summary>
    public void AddDatabases(StoreOptions options, string defaultConnection, Func<string, string> tune)
    {
        options.MultiTenantedDatabases(tenancy =>
        {
            tenancy.AddSingleTenantDatabase(tune(defaultConnection), DefaultName);
            foreach (var (name, connection) in shards) tenancy.AddSingleTenantDatabase(tune(connection), name);
        });
        // Marten forbids its default tenant once there are several databases; here it is the default chronology, so that
        // a session opened without a tenant (health checks, the default chronology's requests and jobs) works as before.
        options.Advanced.DefaultTenantUsageEnabled = true;
    }

    private static string Server(string connection)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection);
        return $"{builder.Host}/{builder.Database}".ToLowerInvariant();
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ValidName();
}
