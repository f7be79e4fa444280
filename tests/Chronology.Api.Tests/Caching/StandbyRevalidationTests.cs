using Chronology.Api.Tests.Replicas;
using Marten;
using Marten.Events;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Chronology.Api.Tests.Caching;

/// <summary>
/// With reads on a standby, the watch that outdates remembered tags reads the standby's view too: a tag remembered from
/// the standby while it lagged is forgotten when the standby replays the edit, not earlier on the primary's view only.
/// </summary>
[Collection(StandbyCollection.Name)]
public sealed class StandbyRevalidationTests(StandbyFixture api) : FixtureTest<StandbyFixture>(api)
{
    private Task<Response> Revalidate(Guid id, string tag) =>
        Api.Send(HttpMethod.Get, $"/records/{id}", (string?)null, ApiFixture.ReaderKey, headers: (HeaderNames.IfNoneMatch, $"\"{tag}\""));

    [Fact]
    public async Task A_tag_remembered_while_the_standby_lagged_is_forgotten_once_the_standby_replays_the_edit()
    {
        var id = await Api.CreateRecord();
        await Api.ReadOnceReplayed($"/records/{id}");
        await Api.Host.WaitForRevalidationWatch();
        Assert.Equal(304, (await Revalidate(id, "1")).Status);

        // A connection of its own, not pooled: the standby ends sessions that outlive a replay conflict, and the other
        // standby tests draw theirs from the pool.
        await using var standby = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Api.Standby) { Pooling = false }.ConnectionString);
        await standby.OpenAsync();
        await using (var pause = new NpgsqlCommand("select pg_wal_replay_pause()", standby)) await pause.ExecuteNonQueryAsync();
        try
        {
            Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"a joint statement"}}""")).Status);
            await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
            // The standby still shows revision 1, and so does every read served from it.
            Assert.Equal(304, (await Revalidate(id, "1")).Status);
        }
        finally
        {
            await using var resume = new NpgsqlCommand("select pg_wal_replay_resume()", standby);
            await resume.ExecuteNonQueryAsync();
        }

        await Api.Host.WaitForRevalidationWatch();
        var afresh = await Revalidate(id, "1");
        Assert.Equal(200, afresh.Status);
        Assert.Equal("2", afresh.ETag);
    }
}
