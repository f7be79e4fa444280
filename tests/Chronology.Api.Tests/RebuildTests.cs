using System.Security.Cryptography;
using System.Text;
using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests;

/// <summary>A host of its own: rebuilding stops and restarts the daemon's agents, which the shared host's tests should not see.</summary>
public sealed class RebuildFixture : ApiFixture;

[CollectionDefinition(Name)]
public sealed class RebuildCollection : ICollectionFixture<RebuildFixture>
{
    public const string Name = "rebuild";
}

[Collection(RebuildCollection.Name)]
public sealed class RebuildTests(RebuildFixture api) : FixtureTest<RebuildFixture>(api)
{
    [Fact]
    public async Task Rebuilding_every_projection_from_the_events_gives_the_same_views_as_projecting_them_live()
    {
        var summit = await Api.CreateRecord();
        var talks = await Api.CreateRecord("南北韓將級會談", "Inter-Korean general-level talks");
        var participant = (await Api.Post($"/records/{summit}/participants", """{"name":{"en":"Kim Jong-un"},"role":"Chairman","side":"KP"}""")).Json!["itemId"]!.GetValue<string>();
        foreach (var (url, body) in new[]
                 {
                     ($"/records/{summit}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}"""),
                     ($"/records/{talks}/schedule", """{"on":"2018-06-01","start":"2018-06-14","comment":"agreed at the high-level talks"}"""),
                     ($"/records/{summit}/edits", """{"comment":"backfill","commands":[{"command":"cancel","body":{"on":"2018-05-24"}},{"command":"reinstate","body":{"on":"2018-06-01"}}]}"""),
                     ($"/records/{summit}/outcomes", """{"text":{"en":"Joint statement"}}"""),
                     ($"/records/{talks}/hold", """{"on":"2018-06-14","start":"2018-06-14"}"""),
                     ($"/records/{summit}/edits", """{"commands":[{"command":"revise","body":{"title":{"en":"Singapore summit"},"tags":["US–DPRK"]}}]}"""),
                 })
        {
            var answer = await Api.Post(url, body);
            Assert.True(answer.Status == 200, $"{url}: {answer.Status} {answer.Text}");
        }
        Assert.Equal(200, (await Api.Send(HttpMethod.Patch, $"/records/{summit}/participants/{participant}", """{"role":"Chairman of the State Affairs Commission"}""", contentType: "application/merge-patch+json")).Status);
        Assert.Equal(200, (await Api.Send(HttpMethod.Put, $"/records/{talks}/place", """{"name":{"zh-Hant":"統一閣","en":"Tongilgak"},"country":"KP","correction":true}""", key: ApiFixture.SecondEditorKey)).Status);
        await Api.Get($"/records/{summit}"); // waits until the live projections have caught up

        var live = await Checksums();
        Assert.Equal(2, live.Count(line => line.StartsWith(nameof(CurrentRecord) + " ", StringComparison.Ordinal)));
        Assert.Equal(7 + 4, live.Count(line => line.StartsWith(nameof(RevisionView) + " ", StringComparison.Ordinal)));
        Assert.Equal(7 + 4, live.Count(line => line.StartsWith(nameof(ChangeFeedEntry) + " ", StringComparison.Ordinal)));

        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var name in new[] { CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName, ChangeFeedProjection.ProjectionName })
        {
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
            // What the worker's rebuild handler does next: a rebuild leaves the live agent stopped.
            await daemon.StartAgentAsync(new ShardName(name).Identity, CancellationToken.None);
        }

        Assert.Equal(live, await Checksums());

        // The live agents run again after the rebuild: a new edit reaches every view.
        Assert.Equal(200, (await Api.Post($"/records/{talks}/outcomes", """{"text":{"en":"Military hotline restored"}}""")).Status);
        var read = await Api.Get($"/records/{talks}");
        Assert.Equal(5, read.Json!["revision"]!.GetValue<int>());
        var history = await Api.Get($"/records/{talks}/history");
        Assert.Equal(5, history.Json!["items"]![0]!["revision"]!.GetValue<int>());
        var changes = await Api.Get("/changes?limit=500");
        Assert.Equal(7 + 4 + 1, changes.Json!["items"]!.AsArray().Count);
    }

    /// <summary>"type id sha256" for every view document, the SHA-256 taken over its canonical JSON; sorted.</summary>
    private async Task<List<string>> Checksums()
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var serializer = store.Options.Serializer();
        await using var session = store.QuerySession();
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
}
