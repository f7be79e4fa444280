using Chronology.Domain.Views;
using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests;

/// <summary>A host of its own: the test leaves the daemon's agents stopped on a poisoned event.</summary>
public sealed class ProjectionFaultFixture : ApiFixture;

[CollectionDefinition(Name)]
public sealed class ProjectionFaultCollection : ICollectionFixture<ProjectionFaultFixture>
{
    public const string Name = "projection fault";
}

[Collection(ProjectionFaultCollection.Name)]
public sealed class ProjectionFaultTests(ProjectionFaultFixture api) : FixtureTest<ProjectionFaultFixture>(api)
{
    [Fact]
    public async Task A_projection_that_fails_on_an_event_stops_there_instead_of_skipping_it()
    {
        var poisoned = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Get($"/records/{poisoned}")).Status);

        // An event no edit could have written (it carries no revision), stored behind the write path's back, so
        // every async projection throws on it; then an ordinary edit of another record after it.
        var badSequence = await AppendEventWithoutRevision(poisoned);
        var later = await Api.CreateRecord("南北韓將級會談", "Inter-Korean general-level talks");

        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var shards = new[] { CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName, ChangeFeedProjection.ProjectionName }
            .Select(name => new ShardName(name).Identity).ToArray();
        await Eventually(() => Task.FromResult(shards.All(shard => daemon.StatusFor(shard) != AgentStatus.Running)),
            () => string.Join(", ", shards.Select(shard => $"{shard}: {daemon.StatusFor(shard)}")));

        // No view went past the bad event: the record written after it is in none of them, and nothing was dead-lettered.
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var progress = (await store.Advanced.AllProjectionProgress()).ToDictionary(p => p.ShardName, p => p.Sequence);
        Assert.All(shards, shard => Assert.True(progress.GetValueOrDefault(shard) < badSequence, $"{shard} is at {progress.GetValueOrDefault(shard)}"));
        Assert.Equal(404, (await Api.Send(HttpMethod.Get, $"/records/{later}", (string?)null)).Status);
        var current = await Api.Send(HttpMethod.Get, $"/records/{poisoned}", (string?)null);
        Assert.Equal(1, current.Json!["revision"]!.GetValue<int>());
        Assert.Equal("2018年朝美首腦會談", current.Json["title"]!["zh-Hant"]!.GetValue<string>());
        Assert.Equal("2018 US–DPRK summit", current.Json["title"]!["en"]!.GetValue<string>());
        var changes = await Api.Send(HttpMethod.Get, "/changes?limit=500", (string?)null);
        Assert.Equal([poisoned.ToString()], changes.Json!["items"]!.AsArray().Select(item => item!["recordId"]!.GetValue<string>()));

        var admin = await Api.Send(HttpMethod.Get, "/admin/projections", (string?)null, ApiFixture.AdminKey);
        Assert.Equal(200, admin.Status);
        Assert.All(admin.Json!["items"]!.AsArray(), item =>
        {
            Assert.True(item!["lagEvents"]!.GetValue<long>() > 0, item.ToJsonString());
            Assert.Equal(0, item["deadLetters"]!.GetValue<long>());
        });
        await using var session = store.QuerySession();
        Assert.Equal(0, await session.Query<DeadLetterEvent>().CountAsync());
    }

    /// <summary>Appends a title change without the revision header straight into mt_events; returns its sequence number.</summary>
    private async Task<long> AppendEventWithoutRevision(Guid stream)
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($$"""
            update {{schema}}.mt_streams set version = version + 1 where id = @stream;
            insert into {{schema}}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
            select nextval('{{schema}}.mt_events_sequence'), gen_random_uuid(), @stream, max(version) + 1,
                   @data::jsonb, 'title_revised.v1', now(), '*DEFAULT*',
                   'Chronology.Domain.Records.TitleRevised, Chronology.Domain', '{}'::jsonb, false
            from {{schema}}.mt_events where stream_id = @stream
            returning seq_id;
            """, connection);
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("data", """{"title":{"en":"poisoned title"}}""");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits for a condition the daemon reaches on its own; fails with a description rather than hang.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Still not the case after 60 s: {describe()}");
            await Task.Delay(100);
        }
    }
}
