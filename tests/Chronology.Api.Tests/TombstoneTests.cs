using Chronology.Domain.Views;
using Marten;
using Npgsql;

namespace Chronology.Api.Tests;

/// <summary>
/// Marten fills the sequence numbers of an append whose transaction failed with tombstone events of its own. They belong
/// to no record; the views pass over them instead of stopping on them.
/// </summary>
public sealed class TombstoneTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task A_tombstone_in_the_event_log_stops_no_view()
    {
        var before = await Api.CreateRecord();
        await Api.Get($"/records/{before}");
        await AppendTombstone();
        var after = await Api.CreateRecord("南北韓將級會談", "Inter-Korean general-level talks");

        Assert.Equal(200, (await Api.Get($"/records/{after}")).Status);
        Assert.Equal(200, (await Api.Get($"/records/{after}/history")).Status);
        var changes = (await Api.Get("/changes?limit=500")).Json!["items"]!.AsArray();
        Assert.Equal([before.ToString(), after.ToString()], changes.Select(item => item!["recordId"]!.GetValue<string>()));
        var projections = (await Api.Get("/admin/projections", ApiFixture.AdminKey)).Json!["items"]!.AsArray();
        Assert.All(projections, item => Assert.Equal(0, item!["lagEvents"]!.GetValue<long>()));
        await using var session = Api.Host.DocumentStore().QuerySession();
        Assert.Equal(2, await session.Query<CurrentRecord>().CountAsync());
    }

    /// <summary>A tombstone as Marten writes it: its own stream, type "tombstone", no headers.</summary>
    private async Task AppendTombstone()
    {
        var store = Api.Host.DocumentStore();
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($$"""
            with stream as (
                insert into {{schema}}.mt_streams (id, version, timestamp, tenant_id) values (gen_random_uuid(), 1, now(), '*DEFAULT*') returning id)
            insert into {{schema}}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
            select nextval('{{schema}}.mt_events_sequence'), gen_random_uuid(), stream.id, 1, '{}'::jsonb, 'tombstone', now(), '*DEFAULT*',
                   'JasperFx.Events.Tombstone, JasperFx.Events', null, false
            from stream
            """, connection);
        await command.ExecuteNonQueryAsync();
    }
}
