using Alba;
using Npgsql;

namespace Chronology.Api.Tests.Replicas;

[Collection(StandbyCollection.Name)]
public sealed class StandbyReadTests(StandbyFixture api) : FixtureTest<StandbyFixture>(api)
{
    private const string Schema = "test_standbyfixture";

    [Fact]
    public async Task History_is_read_from_the_standby_and_a_minRevision_read_from_the_primary()
    {
        await using var standby = await Open(Api.Standby);
        Assert.True(await Scalar<bool>(standby, "select pg_is_in_recovery()"), "the standby server is not in recovery");
        await using (var primary = await Open(Api.Primary))
            await Scalar<int>(primary, "create extension if not exists pg_stat_statements; select 1");
        await Eventually(async () => await Scalar<bool>(standby, "select exists (select from pg_extension where extname = 'pg_stat_statements')"));

        var id = await Api.CreateRecord();
        var edited = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"a joint statement"}}""");
        var revision = edited.Revision;

        // Read your writes: with the revision the write returned, the read is answered by the primary, at once.
        var standbyReadsBefore = await Reads(standby, "mt_doc_currentrecord");
        var own = await Get($"/records/{id}?minRevision={revision}");
        Assert.Equal(revision, own["revision"]!.GetValue<int>());
        Assert.Equal(standbyReadsBefore, await Reads(standby, "mt_doc_currentrecord"));

        // History without minRevision: served by the standby once it has replayed the views (and, after the standby
        // was away, once Npgsql checks it again).
        var historyReadsBefore = await Reads(standby, "mt_doc_revisionview");
        await Eventually(async () => (await Api.ReadOnceReplayed($"/records/{id}/history"))["items"]!.AsArray().Count == revision
                                     && await Reads(standby, "mt_doc_revisionview") > historyReadsBefore);
    }

    [Fact]
    public async Task When_the_standby_is_away_reads_fall_back_to_the_primary()
    {
        var id = await Api.CreateRecord();
        await Eventually(async () => (await Api.ReadOnceReplayed($"/records/{id}/history"))["items"]!.AsArray().Count == 1);

        Api.StopStandby();
        try
        {
            var history = await Get($"/records/{id}/history");
            Assert.Single(history["items"]!.AsArray());
            Assert.Equal(id.ToString(), (await Get($"/records/{id}"))["id"]!.GetValue<string>());
        }
        finally
        {
            Api.StartStandby();
        }
    }

    /// <summary>Statements the server ran against one table of this fixture's schema (pg_stat_statements, per server).</summary>
    private static Task<long> Reads(NpgsqlConnection server, string table) => Scalar<long>(server,
        $"select coalesce(sum(calls), 0)::bigint from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) " +
        $"and query ilike 'select%' and query ilike '%{Schema}.{table}%'");

    private async Task<System.Text.Json.Nodes.JsonNode> Get(string url)
    {
        var answer = await Api.Host.Scenario(request =>
        {
            request.Get.Url(url);
            request.StatusCodeShouldBeOk();
        });
        return (await answer.ReadAsJsonAsync<System.Text.Json.Nodes.JsonNode>())!;
    }

    private static async Task<NpgsqlConnection> Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Replication and projections are asynchronous: asks again until the condition holds (20 s at most).</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.True(await condition(), "the condition never held");
    }
}
