using System.Security.Cryptography;
using Alba;
using Chronology.Domain.Log;
using Chronology.Tests.Shared;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chronology.Api.Tests.Chronologies;

/// <summary>
/// A host with two chronologies besides the default one, on two PostgreSQL servers (<see cref="ShardServers"/>): korea-2018
/// in a database of its own on the test server, iran-talks in a database on the second server. It signs the tree heads of
/// every chronology's log, as the worker does.
/// </summary>
public class ShardFixture : ApiFixture
{
    public const string Korea = "korea-2018";
    public const string Iran = "iran-talks";
    public string Schema => "test_" + GetType().Name.ToLowerInvariant();

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
        (KoreaDatabase, IranDatabase) = ShardServers.Databases(Deploy.Checkout.Root, testDatabase, "shards");
        return testDatabase;
    }

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
}

[CollectionDefinition(Name)]
public sealed class ShardCollection : ICollectionFixture<ShardFixture>
{
    public const string Name = "chronologies on two servers";
}
