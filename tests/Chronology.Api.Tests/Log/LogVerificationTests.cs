using System.Text.Json.Nodes;
using Alba;
using Chronology.Domain.Log;
using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests.Log;

/// <summary>A host of its own: these tests rewrite event rows behind the API's back and rebuild projections.</summary>
public sealed class LogVerificationFixture : LogFixture;

[CollectionDefinition(Name)]
public sealed class LogVerificationCollection : ICollectionFixture<LogVerificationFixture>
{
    public const string Name = "log-verification";
}

[Collection(LogVerificationCollection.Name)]
public sealed class LogVerificationTests(LogVerificationFixture api) : FixtureTest<LogVerificationFixture>(api)
{
    /// <summary>Five revisions: summit 1 (entry 0), talks 1 (1), summit 2 (2), summit 3 of two events (3), talks 2 (4).</summary>
    private async Task<(Guid Summit, Guid Talks)> Edit()
    {
        var summit = await Api.CreateRecord();
        var talks = await Api.CreateRecord("南北韓將級會談", "Inter-Korean general-level talks");
        Assert.Equal(200, (await Api.Post($"/records/{summit}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{summit}/edits",
            """{"commands":[{"command":"cancel","body":{"on":"2018-05-24","by":"Donald Trump"}},{"command":"reinstate","body":{"on":"2018-06-01"}}]}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{talks}/participants", """{"name":{"en":"Kim Yong-chol"},"role":"Vice Chairman","side":"KP"}""")).Status);
        await Api.SignedHeadOf(5);
        return (summit, talks);
    }


    [Fact]
    public async Task An_untouched_log_verifies_against_every_signed_head()
    {
        await Edit();
        var report = await Api.VerifyLog();
        Assert.True(report["verified"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(5, report["entries"]!.GetValue<long>());
        Assert.True(report["treeHeads"]!.GetValue<int>() >= 1);
        Assert.Equal(403, (await Api.Send(HttpMethod.Post, "/admin/log/verify", "", ApiFixture.EditorKey)).Status);
    }

    [Fact]
    public async Task An_event_rewritten_in_PostgreSQL_is_detected_and_its_entry_named()
    {
        var (summit, _) = await Edit();
        await Api.RewriteOneRow("""update {schema}.mt_events set data = jsonb_set(data, '{by}', '"Mike Pence"') where type = 'meeting_cancelled.v1'""");

        var report = await Api.VerifyLog();
        Assert.False(report["verified"]!.GetValue<bool>());
        var mismatch = report["firstMismatch"]!;
        Assert.Equal(3, mismatch["index"]!.GetValue<long>());
        Assert.Equal(summit.ToString(), mismatch["recordId"]!.GetValue<string>());
        Assert.Equal(3, mismatch["revision"]!.GetValue<int>());
        Assert.Contains("Mike Pence", mismatch["reason"]!.GetValue<string>());
        Assert.Contains("Entry 3 no longer matches the events", report["summary"]!.GetValue<string>());
        // The heads signed over the original entry no longer hold for what the events give now; those before it still do.
        var failed = report["failedTreeHeads"]!.AsArray().Select(head => head!["treeSize"]!.GetValue<long>()).ToList();
        Assert.Contains(5L, failed);
        Assert.All(failed, size => Assert.True(size > 3));
    }

    [Fact]
    public async Task A_deleted_event_row_is_detected_and_its_entry_named()
    {
        var (summit, _) = await Edit();
        await Api.RewriteOneRow("delete from {schema}.mt_events where type = 'meeting_scheduled.v1'");

        var report = await Api.VerifyLog();
        Assert.False(report["verified"]!.GetValue<bool>());
        var mismatch = report["firstMismatch"]!;
        Assert.Equal(2, mismatch["index"]!.GetValue<long>());
        Assert.Equal(summit.ToString(), mismatch["recordId"]!.GetValue<string>());
        Assert.Equal(2, mismatch["revision"]!.GetValue<int>());
        Assert.NotEmpty(report["failedTreeHeads"]!.AsArray());
    }

    [Fact]
    public async Task Rebuilding_every_projection_leaves_the_log_byte_identical()
    {
        await Edit();
        var before = await Stored();

        await RebuildAll();
        await Api.Get("/health/live");

        Assert.Equal(before, await Stored());
        Assert.True((await Api.VerifyLog())["verified"]!.GetValue<bool>());
        // The log goes on after the rebuild.
        Assert.Equal(200, (await Api.Post($"/records/{await Api.CreateRecord("x", "y")}/outcomes", """{"text":{"en":"hotline"}}""")).Status);
        await Api.SignedHeadOf(7);
    }

    [Fact]
    public async Task Rebuilding_the_log_after_an_event_was_rewritten_stops_on_that_entry_and_rewrites_nothing()
    {
        await Edit();
        var before = await Stored();
        await Api.RewriteOneRow("""update {schema}.mt_events set data = jsonb_set(data, '{by}', '"Mike Pence"') where type = 'meeting_cancelled.v1'""");

        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var failure = await Record.ExceptionAsync(() => daemon.RebuildProjectionAsync(TransparencyLogProjection.ProjectionName, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.NotNull(failure);
        Assert.Contains("log entry 3", failure.ToString());
        Assert.Equal(before, await Stored());
    }

    private async Task RebuildAll()
    {
        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var name in new[] { CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName, ChangeFeedProjection.ProjectionName, TransparencyLogProjection.ProjectionName })
        {
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.StartAgentAsync(new ShardName(name).Identity, CancellationToken.None);
        }
    }

    /// <summary>Every stored entry and signed head, as PostgreSQL holds them.</summary>
    private async Task<List<string>> Stored()
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var schema = store.Options.DatabaseSchemaName;
        return
        [
            .. await session.QueryAsync<string>($"select id || ' ' || index || ' ' || data::text from {schema}.mt_doc_logentry order by index"),
            .. await session.QueryAsync<string>($"select id || ' ' || data::text from {schema}.mt_doc_signedtreehead order by id"),
        ];
    }
}
