using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests.Chronologies;

[Collection(ShardCollection.Name)]
public sealed class ChronologyTests(ShardFixture api) : FixtureTest<ShardFixture>(api)
{
    private const string Korea = "/chronologies/" + ShardFixture.Korea;
    private const string Iran = "/chronologies/" + ShardFixture.Iran;

    [Fact]
    public async Task Records_of_two_chronologies_land_in_their_own_databases_on_different_servers()
    {
        var summit = await Create(Korea, "2018年朝美首腦會談", "2018 US–DPRK summit");
        var vienna = await Create(Iran, "維也納核談判", "Vienna talks on the JCPOA");
        var unsharded = await Create("", "南北韓將級會談", "Inter-Korean general-level talks");

        await using var korea = await Open(Api.KoreaDatabase);
        await using var iran = await Open(Api.IranDatabase);
        await using var main = await Open(Api.Default);
        Assert.NotEqual(await Scalar<int>(korea, "select inet_server_port()"), await Scalar<int>(iran, "select inet_server_port()"));
        Assert.Equal([summit], await Streams(korea, Api.Schema));
        Assert.Equal([vienna], await Streams(iran, Api.Schema));
        Assert.Equal([unsharded], await Streams(main, Api.Schema));

        // Each record is at home in its chronology only; today's routes are the default chronology's.
        Assert.Equal(200, (await Api.Read($"{Korea}/records/{summit}")).Status);
        Assert.Equal(200, (await Api.Read($"{Iran}/records/{vienna}")).Status);
        Assert.Equal(200, (await Api.Read($"/records/{unsharded}")).Status);
        Assert.Equal(200, (await Api.Read($"/chronologies/default/records/{unsharded}")).Status);
        (await Api.Read($"{Iran}/records/{summit}")).AssertProblem(404, "not-found", "record.not-found");
        (await Api.Read($"/records/{vienna}")).AssertProblem(404, "not-found", "record.not-found");
    }

    [Fact]
    public async Task Each_chronology_has_its_own_history_timeline_change_feed_and_signed_log()
    {
        var summit = await Create(Korea, "2018年朝美首腦會談", "2018 US–DPRK summit");
        await Ok(Api.Post($"{Korea}/records/{summit}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}"""));
        await Ok(Api.Post($"{Korea}/records/{summit}/cancel", """{"on":"2018-05-24","by":"Donald Trump"}"""));
        var vienna = await Create(Iran, "維也納核談判", "Vienna talks on the JCPOA");
        await Ok(Api.Post($"{Iran}/records/{vienna}/schedule", """{"on":"2021-03-01","start":"2021-04-06"}"""));

        var history = await Api.Read($"{Korea}/records/{summit}/history");
        Assert.Equal([3, 2, 1], Items(history).Select(item => item["revision"]!.GetValue<int>()));
        Assert.Equal([2, 1], Items(await Api.Read($"{Iran}/records/{vienna}/history")).Select(item => item["revision"]!.GetValue<int>()));

        Assert.Equal([summit.ToString()], Items(await Api.Read($"{Korea}/timeline?limit=500")).Select(entry => entry["recordId"]!.GetValue<string>()).Distinct());
        Assert.Equal(
            ["2021-03-01", "2021-04-06"],
            Items(await Api.Read($"{Iran}/timeline?limit=500")).Select(entry => entry["date"]!.GetValue<string>()));
        Assert.Empty(Items(await Api.Read("/timeline")));
        Assert.Equal(3, Items(await Api.Read($"{Korea}/changes?limit=500")).Count);

        // One log per chronology, each signed by the worker's signer as it grows.
        Assert.Equal(2, Items(await Api.Read($"{Iran}/log/entries?start=0&end=2"), "entries").Count);
        Assert.Equal(3, await SignedTreeSize(Korea, 3));
        Assert.Equal(2, await SignedTreeSize(Iran, 2));
        var verified = (await Api.Post($"{Iran}/admin/log/verify", "", ApiFixture.AdminKey)).Json!;
        Assert.True(verified["verified"]!.GetValue<bool>(), verified.ToJsonString());
        Assert.Equal(2, verified["entries"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_chronologys_projections_rebuild_from_its_own_events_and_its_rebuild_job_is_queued_in_its_own_database()
    {
        var vienna = await Create(Iran, "維也納核談判", "Vienna talks on the JCPOA");
        await Ok(Api.Post($"{Iran}/records/{vienna}/schedule", """{"on":"2021-03-01","start":"2021-04-06"}"""));
        await Ok(Api.Post($"{Iran}/records/{vienna}/outcomes", """{"text":{"en":"Talks adjourned"}}"""));
        await Create(Korea, "2018年朝美首腦會談", "2018 US–DPRK summit");
        await Api.CaughtUp();
        var live = await Checksums(ShardFixture.Iran);
        Assert.Equal(1 + 3 + 3, live.Count);

        var daemon = await Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForDatabase(ShardFixture.Iran);
        foreach (var name in new[] { CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName, ChangeFeedProjection.ProjectionName })
        {
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.StartAgentAsync(new ShardName(name).Identity, CancellationToken.None);
        }
        Assert.Equal(live, await Checksums(ShardFixture.Iran));
        var record = (await Api.Read($"{Iran}/records/{vienna}")).Json!;
        Assert.Equal(3, record["revision"]!.GetValue<int>());

        // Asked through the API, the rebuild's job (and the message a worker takes) are the chronology's.
        var queued = await Api.Post($"{Iran}/admin/projections/{CurrentRecordProjection.ProjectionName}/rebuild", "", ApiFixture.AdminKey);
        Assert.Equal(202, queued.Status);
        Assert.StartsWith($"{Iran}/admin/rebuilds/", queued.Location);
        Assert.Equal(200, (await Api.Send(HttpMethod.Get, queued.Location!, (string?)null, ApiFixture.AdminKey)).Status);
        Assert.Equal(404, (await Api.Send(HttpMethod.Get, queued.Location![Iran.Length..], (string?)null, ApiFixture.AdminKey)).Status);
        await using var iran = await Open(Api.IranDatabase);
        Assert.Equal(1, await Scalar<long>(iran, $"select count(*) from {Api.Schema}.mt_doc_rebuildjob"));
        var projections = (await Api.Send(HttpMethod.Get, $"{Iran}/admin/projections", (string?)null, ApiFixture.AdminKey)).Json!;
        Assert.Contains(projections["items"]!.AsArray(), item => item!["name"]!.GetValue<string>() == CurrentRecordProjection.ProjectionName);
    }

    [Fact]
    public async Task A_timeline_across_chronologies_is_refused_saying_why_and_an_unknown_chronology_is_not_found()
    {
        var across = await Api.Read($"/chronologies/{ShardFixture.Korea},{ShardFixture.Iran}/timeline");
        across.AssertProblem(400, "cross-chronology-unsupported", "chronology.cross-query-unsupported");
        Assert.Contains("database of its own", across.Json!["detail"]!.GetValue<string>());
        (await Api.Read("/chronologies/*/timeline")).AssertProblem(400, "cross-chronology-unsupported", "chronology.cross-query-unsupported");

        var unknown = await Api.Read("/chronologies/atlantis/records");
        unknown.AssertProblem(404, "not-found", "chronology.not-found");
        Assert.Contains(ShardFixture.Iran, unknown.Json!["detail"]!.GetValue<string>());
        (await Api.Post("/chronologies/atlantis/records", """{"kind":"summit","title":{"en":"x"}}""")).AssertProblem(404, "not-found", "chronology.not-found");
    }

    private async Task<Guid> Create(string chronology, string title, string english)
    {
        var created = await Api.Post($"{chronology}/records", $$$"""{"kind":"talks","title":{"zh-Hant":"{{{title}}}","en":"{{{english}}}"}}""");
        Assert.True(created.Status == 201, $"{chronology}: {created.Status} {created.Text}");
        Assert.Equal($"{chronology}/records/{created.Id}", created.Location);
        return created.Id;
    }

    private static async Task Ok(Task<Response> answer)
    {
        var response = await answer;
        Assert.True(response.Status == 200, $"{response.Status} {response.Text}");
    }

    private static List<JsonNode> Items(Response answer, string member = "items")
    {
        Assert.True(answer.Status == 200, $"{answer.Status} {answer.Text}");
        return answer.Json![member]!.AsArray().Select(item => item!).ToList();
    }

    private async Task<long> SignedTreeSize(string chronology, long size)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var head = await Api.Read($"{chronology}/log/tree-head");
            if (head.Status == 200 && head.Json!["treeSize"]!.GetValue<long>() == size) return size;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{chronology}: no tree head of size {size} after 30 s; the latest: {head.Text}");
            await Task.Delay(200);
        }
    }

    /// <summary>"type id sha256" of every view document in one chronology's database, sorted (as RebuildTests takes them).</summary>
    private async Task<List<string>> Checksums(string tenant)
    {
        var serializer = Api.Store.Options.Serializer();
        await using var session = Api.Store.QuerySession(tenant);
        return
        [
            .. Hash(await session.Query<CurrentRecord>().ToListAsync(), record => record.Id.ToString()),
            .. Hash(await session.Query<RevisionView>().ToListAsync(), revision => revision.Id),
            .. Hash(await session.Query<ChangeFeedEntry>().ToListAsync(), entry => entry.Id),
        ];

        IEnumerable<string> Hash<T>(IReadOnlyList<T> documents, Func<T, string> id) => documents
            .Select(document => $"{typeof(T).Name} {id(document)} {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(serializer.ToJson(document!))))}")
            .Order(StringComparer.Ordinal);
    }

    private static async Task<List<Guid>> Streams(NpgsqlConnection database, string schema)
    {
        await using var command = new NpgsqlCommand($"select id from {schema}.mt_streams order by id", database);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task<NpgsqlConnection> Open(string connection)
    {
        var opened = new NpgsqlConnection(connection);
        await opened.OpenAsync();
        return opened;
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
