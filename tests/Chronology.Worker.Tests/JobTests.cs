using System.Security.Cryptography;
using System.Text;
using Chronology.Domain.Imports;
using Chronology.Domain.Views;
using Chronology.Faults.Tests;
using JasperFx.Core;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Tracking;

namespace Chronology.Worker.Tests;

public sealed class JobsFixture : WorkerFixture;

/// <summary>Jobs queued through the API and run by the worker's own handlers, over Wolverine's PostgreSQL queue.</summary>
public sealed class JobTests(JobsFixture chronology) : IClassFixture<JobsFixture>
{
    public static readonly string Sample = File.ReadAllText(Path.Combine(Repository.Root, "samples", "korea-2018.ndjson"));

    private static readonly int SampleLines = Sample.Split('\n').Count(line => line.Trim().Length > 0);

    [Fact]
    public async Task An_import_the_API_queues_is_handled_once_by_the_worker_and_a_second_delivery_changes_nothing()
    {
        Answer accepted = null!;
        var tracked = await chronology.Worker.TrackActivity().AlsoTrack(chronology.Api).IncludeExternalTransports().Timeout(2.Minutes())
            .WaitForMessageToBeReceivedAt<RunImport>(chronology.Worker)
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ => accepted = await chronology.Post("/imports", Sample, "application/x-ndjson")));
        Assert.Equal(202, accepted.Status);
        Assert.Single(tracked.Executed.MessagesOf<RunImport>());

        var done = await chronology.Finished(accepted.Location!, TimeSpan.FromMinutes(2));
        Assert.Equal(SampleLines, done["lines"]!.GetValue<int>());
        // Run twice, the second run would have found every line stored already and counted it skipped.
        Assert.Equal(SampleLines, done["imported"]!.GetValue<int>());
        Assert.Equal(0, done["skipped"]!.GetValue<int>());
        Assert.Empty(done["errors"]!.AsArray());
        await using (var session = chronology.Store.QuerySession())
            Assert.Equal(9, await session.Query<ImportName>().CountAsync(name => name.Id.StartsWith("record:")));

        // The same message delivered again (as a redelivery would) finds the job finished and leaves it as it was.
        var id = Guid.Parse(done["id"]!.GetValue<string>());
        var again = await chronology.Worker.TrackActivity().IncludeExternalTransports().Timeout(1.Minutes())
            .WaitForMessageToBeReceivedAt<RunImport>(chronology.Worker)
            .PublishMessageAndWaitAsync(new RunImport(id));
        Assert.Single(again.Executed.MessagesOf<RunImport>());
        Assert.Equal(done.ToJsonString(), (await chronology.Get(accepted.Location!)).Json!.ToJsonString());
    }

    [Fact]
    public async Task A_rebuild_the_API_queues_runs_on_the_worker_leading_the_daemon_and_gives_the_same_views()
    {
        var record = (await chronology.Post("/records", """{"kind":"summit","title":{"zh-Hant":"2018年朝美首腦會談","en":"2018 US–DPRK summit"}}""", key: WorkerFixture.EditorKey)).Json!["id"]!.GetValue<string>();
        foreach (var (command, body) in new[] { ("schedule", """{"on":"2018-05-10","start":"2018-06-12"}"""), ("cancel", """{"on":"2018-05-24","by":"Donald Trump"}"""), ("reinstate", """{"on":"2018-06-01"}""") })
            Assert.Equal(200, (await chronology.Post($"/records/{record}/{command}", body, key: WorkerFixture.EditorKey)).Status);
        await chronology.Worker.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var live = await Checksums();

        foreach (var projection in new[] { CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName })
        {
            var queued = await chronology.Post($"/admin/projections/{projection}/rebuild");
            Assert.Equal(202, queued.Status);
            Assert.Equal("queued", queued.Json!["state"]!.GetValue<string>());
            var done = await chronology.Finished(queued.Location!, TimeSpan.FromMinutes(2));
            Assert.Equal(done["total"]!.GetValue<long>(), done["processed"]!.GetValue<long>());
            Assert.True(done["total"]!.GetValue<long>() >= 4);
        }
        Assert.Equal(live, await Checksums());

        // The live agents run again: a new edit reaches the views.
        Assert.Equal(200, (await chronology.Post($"/records/{record}/hold", """{"on":"2018-06-12","start":"2018-06-12"}""", key: WorkerFixture.EditorKey)).Status);
        await chronology.Worker.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("held", (await chronology.Get($"/records/{record}")).Json!["status"]!.GetValue<string>());
    }

    /// <summary>"type id sha256" of every view document, over its stored JSON; sorted.</summary>
    private async Task<List<string>> Checksums()
    {
        var serializer = chronology.Store.Options.Serializer();
        await using var session = chronology.Store.QuerySession();
        return
        [
            .. Hash(await session.Query<CurrentRecord>().ToListAsync(), record => record.Id.ToString()),
            .. Hash(await session.Query<RevisionView>().ToListAsync(), revision => revision.Id),
        ];

        IEnumerable<string> Hash<T>(IReadOnlyList<T> documents, Func<T, string> id) => documents
            .Select(document => $"{typeof(T).Name} {id(document)} {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(serializer.ToJson(document!))))}")
            .Order(StringComparer.Ordinal);
    }
}
