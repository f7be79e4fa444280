using Chronology.Domain.Imports;
using Chronology.Domain.Views;
using Chronology.Faults.Tests;
using Chronology.Api.Tests;
using Chronology.Tests.Shared;
using Marten;
using Npgsql;

namespace Chronology.Worker.Tests;

/// <summary>The API and a worker with two chronologies besides the default one: korea-2018 on the test server, iran-talks on a second server.</summary>
public sealed class ChronologiesFixture : WorkerFixture
{
    public const string Korea = "korea-2018";
    public const string Iran = "iran-talks";

    private readonly (string Korea, string Iran) databases;

    public ChronologiesFixture()
    {
        var test = TestDatabase.ConnectionString().GetAwaiter().GetResult();
        databases = ShardServers.Databases(Repository.Root, test, "workers");
        // Every run starts from nothing in the chronologies' databases too.
        foreach (var database in new[] { databases.Korea, databases.Iran })
        {
            using var connection = new NpgsqlConnection(database);
            connection.Open();
            using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade; drop schema if exists {Schema}_api cascade", connection);
            drop.ExecuteNonQuery();
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings =>
        [new($"Chronologies:{Korea}", databases.Korea), new($"Chronologies:{Iran}", databases.Iran)];
}

/// <summary>Jobs queued in a chronology run in that chronology's database: the worker's daemon and handlers serve every chronology.</summary>
public sealed class ChronologyJobTests(ChronologiesFixture chronologies) : IClassFixture<ChronologiesFixture>
{
    private const string Korea = "/chronologies/" + ChronologiesFixture.Korea;
    private const string Iran = "/chronologies/" + ChronologiesFixture.Iran;

    [Fact]
    public async Task An_import_into_a_chronology_stores_its_records_there_and_the_workers_daemon_projects_them()
    {
        var accepted = await chronologies.Post($"{Korea}/imports", JobTests.Sample, "application/x-ndjson");
        Assert.Equal(202, accepted.Status);
        Assert.StartsWith($"{Korea}/imports/", accepted.Location);
        var done = await chronologies.Finished(accepted.Location!, TimeSpan.FromMinutes(2));
        Assert.Equal(done["lines"]!.GetValue<int>(), done["imported"]!.GetValue<int>());
        Assert.Empty(done["errors"]!.AsArray());

        await using (var korea = chronologies.Store.QuerySession(ChronologiesFixture.Korea))
            Assert.Equal(9, await korea.Query<ImportName>().CountAsync(name => name.Id.StartsWith("record:")));
        await using (var main = chronologies.Store.QuerySession())
            Assert.Equal(0, await main.Query<ImportName>().CountAsync());
        await WorkerFixture.Eventually(async () => (await RecordIds(Korea)).Count == 9, "the worker projected the imported records into korea-2018's views");
        var imported = await RecordIds(Korea);
        Assert.Equal(9, imported.Count);
        Assert.Empty(imported.Intersect(await RecordIds(Iran)));
        Assert.Empty(imported.Intersect(await RecordIds("")));
    }

    [Fact]
    public async Task A_rebuild_queued_in_a_chronology_runs_on_the_worker_against_that_chronologys_database()
    {
        var created = await chronologies.Post($"{Iran}/records", """{"kind":"talks","title":{"en":"Vienna talks on the JCPOA"}}""", key: WorkerFixture.EditorKey);
        var record = created.Json!["id"]!.GetValue<string>();
        Assert.Equal(200, (await chronologies.Post($"{Iran}/records/{record}/schedule", """{"on":"2021-03-01","start":"2021-04-06"}""", key: WorkerFixture.EditorKey)).Status);
        await WorkerFixture.Eventually(async () => (await chronologies.Get($"{Iran}/records/{record}")).Json?["revision"]?.GetValue<int>() == 2,
            "the worker projected iran-talks' record");

        var queued = await chronologies.Post($"{Iran}/admin/projections/{CurrentRecordProjection.ProjectionName}/rebuild");
        Assert.Equal(202, queued.Status);
        var done = await chronologies.Finished(queued.Location!, TimeSpan.FromMinutes(2));
        Assert.Equal(done["total"]!.GetValue<long>(), done["processed"]!.GetValue<long>());
        Assert.Equal("scheduled", (await chronologies.Get($"{Iran}/records/{record}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_skip_asked_in_a_chronology_is_carried_out_by_the_worker_in_that_chronologys_database()
    {
        var created = await chronologies.Post($"{Iran}/records", """{"kind":"talks","title":{"en":"Geneva interim agreement"}}""", key: WorkerFixture.EditorKey);
        var poisoned = Guid.Parse(created.Json!["id"]!.GetValue<string>());
        await WorkerFixture.Eventually(async () => (await chronologies.Get($"{Iran}/records/{poisoned}")).Status == 200, "iran-talks' record projected");
        var database = await chronologies.Store.Storage.FindOrCreateDatabase(ChronologiesFixture.Iran);
        long sequence;
        await using (var iran = database.CreateConnection())
        {
            await iran.OpenAsync();
            sequence = await EventBehindTheApi.AppendWithoutRevision(iran, chronologies.Schema, poisoned);
        }
        await WorkerFixture.Eventually(() => Every(Iran, "faulted"), "iran-talks' projections faulted on the poisoned event");

        var skip = await chronologies.Post($"{Iran}/admin/projections/records/skip", $$"""{"sequence":{{sequence}},"reason":"written behind the API's back"}""");
        Assert.Equal(202, skip.Status);
        Assert.Equal("skip", (await chronologies.Finished(skip.Location!, TimeSpan.FromMinutes(1)))["action"]!.GetValue<string>());
        await WorkerFixture.Eventually(() => Every(Iran, "running"), "iran-talks' projections running past the skipped event");
        Assert.Equal(1, (await chronologies.Get($"{Iran}/records/{poisoned}")).Json!["revision"]!.GetValue<int>());
    }

    private async Task<bool> Every(string chronology, string state) =>
        (await chronologies.Get($"{chronology}/admin/projections")).Json!["items"]!.AsArray()
        .Where(item => item!["name"]!.GetValue<string>() != "log").All(item => item!["state"]!.GetValue<string>() == state);

    private async Task<HashSet<string>> RecordIds(string chronology) =>
        (await chronologies.Get($"{chronology}/records?limit=500")).Json!["items"]!.AsArray().Select(record => record!["id"]!.GetValue<string>()).ToHashSet();
}
