using System.Diagnostics;
using System.Security.Cryptography;
using Alba;
using Chronology.Domain.Log;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chronology.Api.Tests.Chronologies;

/// <summary>
/// A host with two chronologies besides the default one, on two PostgreSQL servers: korea-2018 in a database of its own
/// on the test server, iran-talks in a database on a second server that deploy/shards.sh starts (a no-op when it runs) on
/// CHRONOLOGY_SHARD_PORT (55444 by default). It signs the tree heads of every chronology's log, as the worker does.
/// </summary>
public sealed class ShardFixture : ApiFixture
{
    public const string Korea = "korea-2018";
    public const string Iran = "iran-talks";
    public const string Schema = "test_shardfixture";

    public string Default { get; private set; } = "";

    public string KoreaDatabase { get; private set; } = "";

    public string IranDatabase { get; private set; } = "";

    public LogKey Key { get; } = new(RandomNumberGenerator.GetBytes(32));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Chronologies:{Korea}"] = KoreaDatabase,
        [$"Chronologies:{Iran}"] = IranDatabase,
    };

    protected override void ConfigureServices(IServiceCollection services) => TreeHeadSigning.Add(services, Key);

    protected override string Connection(string testDatabase)
    {
        Default = testDatabase;
        var main = new NpgsqlConnectionStringBuilder(testDatabase);
        var korea = main.Database + "_korea";
        var iran = main.Database + "_iran";
        Script("postgres.sh", $"createdb {korea}", ("CHRONOLOGY_PG_PORT", main.Port.ToString()));
        Script("shards.sh", "start", ("CHRONOLOGY_SHARD_PORT", ShardPort.ToString()));
        Script("shards.sh", $"createdb {iran}", ("CHRONOLOGY_SHARD_PORT", ShardPort.ToString()));
        KoreaDatabase = new NpgsqlConnectionStringBuilder(testDatabase) { Database = korea }.ConnectionString;
        IranDatabase = new NpgsqlConnectionStringBuilder(testDatabase) { Port = ShardPort, Database = iran }.ConnectionString;
        return testDatabase;
    }

    private static int ShardPort => int.Parse(Environment.GetEnvironmentVariable("CHRONOLOGY_SHARD_PORT") ?? "55444");

    /// <summary>Waits until the views of every chronology that has events have caught up with them.</summary>
    public async Task CaughtUp()
    {
        foreach (var chronology in new[] { "default", Korea, Iran })
        {
            if (await Store.Advanced.FetchEventStoreStatistics(chronology) is not { EventCount: > 0 }) continue;
            var database = await Store.Storage.FindOrCreateDatabase(chronology);
            await database.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A read once the views of every chronology have caught up.</summary>
    public async Task<Response> Read(string url)
    {
        await CaughtUp();
        return await Send(HttpMethod.Get, url, (string?)null, ReaderKey);
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    private static void Script(string script, string arguments, params (string Name, string Value)[] environment)
    {
        var path = Path.Combine(Deploy.Checkout.Root, "deploy", script);
        var start = new ProcessStartInfo(path, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{path} {arguments} failed: {errors.Result}");
    }
}

[CollectionDefinition(Name)]
public sealed class ShardCollection : ICollectionFixture<ShardFixture>
{
    public const string Name = "chronologies on two servers";
}
