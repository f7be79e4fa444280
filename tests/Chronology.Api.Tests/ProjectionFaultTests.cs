using Chronology.Domain.Views;
using Chronology.Tests.Shared;
using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
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
        // The lag in seconds is the time between the last event the projection has and the last event there is.
        foreach (var item in admin.Json!["items"]!.AsArray())
        {
            var expected = await SecondsBetweenEvents(item!["position"]!.GetValue<long>(), item["highWaterMark"]!.GetValue<long>());
            Assert.True(expected > 0.001, $"the later record was created {expected} s after the projection's last event");
            Assert.Equal(expected, item["lagSeconds"]!.GetValue<double>(), 3);
        }
        await using var session = store.QuerySession();
        Assert.Equal(0, await session.Query<DeadLetterEvent>().CountAsync());

        // The stop is visible: each projection says it is faulted on that event and why, and /health names them, while
        // /health/ready (whether this API can serve) stays healthy.
        await Eventually(async () => (await Api.Send(HttpMethod.Get, "/admin/projections", (string?)null, ApiFixture.AdminKey))
            .Json!["items"]!.AsArray().All(item => item!["state"]!.GetValue<string>() == "faulted"), () => "not every projection reported faulted");
        var faulted = (await Api.Send(HttpMethod.Get, "/admin/projections", (string?)null, ApiFixture.AdminKey)).Json!["items"]!.AsArray();
        Assert.All(faulted, item =>
        {
            Assert.Equal(badSequence, item!["failure"]!["sequence"]!.GetValue<long>());
            Assert.Equal("title_revised.v1", item["failure"]!["eventType"]!.GetValue<string>());
            Assert.Contains("carries no revision", item["failure"]!["error"]!.GetValue<string>());
        });
        var health = await Api.Send(HttpMethod.Get, "/health", (string?)null);
        Assert.Equal("Degraded", health.Json!["status"]!.GetValue<string>());
        var views = health.Json["checks"]!.AsArray().Single(check => check!["name"]!.GetValue<string>() == "projections")!;
        foreach (var shard in new[] { "records", "revisions", "changes" })
            Assert.Contains($"{shard} is faulted at event {badSequence} (title_revised.v1)", views["description"]!.GetValue<string>());
        Assert.Equal(200, (await Api.Send(HttpMethod.Get, "/health/ready", (string?)null)).Status);

        // Skipping needs a reason and the event the projection stopped on; the worker carries out the skip (see the fault suite).
        Assert.Equal(400, (await Api.Post("/admin/projections/records/skip", $$"""{"sequence":{{badSequence}}}""", ApiFixture.AdminKey)).Status);
        var elsewhere = await Api.Post("/admin/projections/records/skip", $$"""{"sequence":{{badSequence - 1}},"reason":"typo"}""", ApiFixture.AdminKey);
        elsewhere.AssertProblem(409, "rule-violated", "projection.not-faulted-at-event");
        Assert.Equal(403, (await Api.Post("/admin/projections/records/skip", $$"""{"sequence":{{badSequence}},"reason":"r"}""")).Status);
        var skip = await Api.Post("/admin/projections/records/skip", $$"""{"sequence":{{badSequence}},"reason":"written behind the API's back"}""", ApiFixture.AdminKey);
        Assert.Equal(202, skip.Status);
        var recovery = await Api.Send(HttpMethod.Get, skip.Location!, (string?)null, ApiFixture.AdminKey);
        Assert.Equal("queued", recovery.Json!["state"]!.GetValue<string>());
        Assert.Equal("root", recovery.Json["requestedBy"]!.GetValue<string>());
        Assert.Equal("written behind the API's back", recovery.Json["reason"]!.GetValue<string>());
    }

    /// <summary>Counted here over every event up to each position, as an independent check of the API's indexed lookup.</summary>
    private async Task<double> SecondsBetweenEvents(long position, long highWaterMark)
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var table = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        return (await session.QueryAsync<double>(
            $"select extract(epoch from (select max(timestamp) from {table} where seq_id <= ?) - " +
            $"coalesce((select max(timestamp) from {table} where seq_id <= ?), (select min(timestamp) from {table})))::float8",
            highWaterMark, position)).Single();
    }

    private async Task<long> AppendEventWithoutRevision(Guid stream)
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        return await EventBehindTheApi.AppendWithoutRevision(connection, store.Options.DatabaseSchemaName, stream);
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
