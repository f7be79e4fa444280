using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chronology.Domain.Imports;
using Chronology.Domain.Views;
using Chronology.Tests.Shared;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
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

    /// <summary>
    /// A rebuild reads the next page of events while one is applied (<see cref="LoadAheadReplay"/>): over more than two
    /// of the daemon's pages (<see cref="ProjectionTuning.BatchSize"/>), with records' revisions cut by the pages' ends, it
    /// still gives the views the live agents wrote, and ends at the last event.
    /// </summary>
    [Fact]
    public async Task A_rebuild_over_several_pages_of_events_gives_the_same_views_as_projecting_them_live()
    {
        var events = await ImportEvents(records: 300, eachRecord: 40);
        Assert.True(events > 2 * ProjectionTuning.BatchSize, $"{events} events");
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var live = await Checksums();

        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var name in new[] { RevisionsProjection.ProjectionName, ChangeFeedProjection.ProjectionName })
        {
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.StartAgentAsync(new ShardName(name).Identity, CancellationToken.None);
        }

        Assert.Equal(live, await Checksums());
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var last = (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;
        var progress = (await store.Advanced.AllProjectionProgress()).ToDictionary(p => p.ShardName, p => p.Sequence);
        Assert.Equal(last, progress[new ShardName(RevisionsProjection.ProjectionName).Identity]);
        Assert.Equal(last, progress[new ShardName(ChangeFeedProjection.ProjectionName).Identity]);
    }

    /// <summary>A rebuild that meets an event it cannot fold on a later page fails, and goes no further than that event.</summary>
    [Fact]
    public async Task A_rebuild_that_meets_a_bad_event_on_a_later_page_fails_before_it()
    {
        await ImportEvents(records: 300, eachRecord: 40);
        var stream = await Api.CreateRecord();
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        long bad;
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            bad = await EventBehindTheApi.AppendWithoutRevision(connection, store.Options.DatabaseSchemaName, stream);
        }
        Assert.True(bad > 2 * ProjectionTuning.BatchSize, $"the bad event is number {bad}");

        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => daemon.RebuildProjectionAsync(RevisionsProjection.ProjectionName, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Contains("revisions", failure.ToString());
        var progress = (await store.Advanced.AllProjectionProgress()).Single(p => p.ShardName == new ShardName(RevisionsProjection.ProjectionName).Identity);
        Assert.True(progress.Sequence < bad && progress.Sequence > ProjectionTuning.BatchSize, $"revisions rebuilt up to {progress.Sequence}; the bad event is {bad}");
    }

    /// <summary>
    /// A projection that starts with events stored and no position of its own (a worker deployed over imported events)
    /// catches up through the same replay, and then runs live.
    /// </summary>
    [Fact]
    public async Task A_projection_started_from_nothing_over_several_pages_of_events_catches_up_and_runs_live()
    {
        await ImportEvents(records: 300, eachRecord: 40);
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var live = await Checksums();

        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var shard = new ShardName(RevisionsProjection.ProjectionName).Identity;
        await daemon.StopAgentAsync(shard);
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand($"delete from {store.Options.Events.DatabaseSchemaName}.mt_event_progression where name = ?", shard);
            session.QueueSqlCommand($"delete from {store.Options.FindOrResolveDocumentType(typeof(RevisionView)).TableName.QualifiedName}");
            await session.SaveChangesAsync();
        }
        await daemon.StartAgentAsync(shard, CancellationToken.None);
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(live, await Checksums());

        var record = await Api.CreateRecord();
        var history = await Api.Get($"/records/{record}/history");
        Assert.Equal(1, history.Json!["items"]![0]!["revision"]!.GetValue<int>());
    }

    /// <summary>Imports <paramref name="records"/> records of <paramref name="eachRecord"/> revisions each, interleaved; the number of events.</summary>
    private async Task<long> ImportEvents(int records, int eachRecord)
    {
        var lines = Enumerable.Range(0, eachRecord).SelectMany(step => Enumerable.Range(0, records).Select(record => JsonSerializer.Serialize(step == 0
            ? new { key = $"r{record}-0", record = $"r{record}", command = "create", body = (object)new { kind = "summit", title = new { en = $"Summit {record}" } } }
            : new { key = $"r{record}-{step}", record = $"r{record}", command = "addOutcome", body = (object)new { text = new { en = $"outcome {step}" } } })));
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var imported = await new NdjsonImport(store, TimeProvider.System).Run(string.Join('\n', lines), new Importer("root", IsAdmin: true), "pages", _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(0, imported.ErrorCount);
        return (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;
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
