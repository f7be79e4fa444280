using Chronology.Tests.Shared;
using JasperFx.Core;
using Marten.Events;

namespace Chronology.Worker.Tests;

public sealed class RecoveryFixture : WorkerFixture;

/// <summary>An admin's retry and skip of a faulted projection, queued through the API and carried out by the worker's recovery handler.</summary>
public sealed class RecoveryTests(RecoveryFixture chronology) : IClassFixture<RecoveryFixture>
{
    private static readonly string[] Projections = ["records", "revisions", "changes"];

    [Fact]
    public async Task A_retry_stops_on_the_same_event_and_a_skip_of_it_gets_every_view_past_it()
    {
        var poisoned = await Create("2018 US–DPRK summit");
        var other = await Create("Inter-Korean general-level talks");
        await chronology.Worker.WaitForNonStaleProjectionDataAsync(1.Minutes());

        // An event no projection can fold, then an ordinary edit behind it.
        long sequence;
        await using (var connection = chronology.Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            sequence = await EventBehindTheApi.AppendWithoutRevision(connection, chronology.Schema, poisoned);
        }
        Assert.Equal(200, (await chronology.Post($"/records/{other}/cancel", """{"on":"2018-06-10"}""", key: WorkerFixture.EditorKey)).Status);
        await WorkerFixture.Eventually(() => Every("faulted", sequence), "every projection faulted on the poisoned event");

        var retry = await chronology.Post("/admin/projections/records/retry");
        Assert.Equal(202, retry.Status);
        Assert.Equal("done", (await chronology.Finished(retry.Location!, 1.Minutes()))["state"]!.GetValue<string>());
        await WorkerFixture.Eventually(() => Every("faulted", sequence), "the retried projection stopped on the same event again");

        var skip = await chronology.Post("/admin/projections/records/skip", $$"""{"sequence":{{sequence}},"reason":"written behind the API's back"}""");
        Assert.Equal(202, skip.Status);
        var skipped = await chronology.Finished(skip.Location!, 1.Minutes());
        Assert.Equal("skip", skipped["action"]!.GetValue<string>());
        Assert.Equal("root", skipped["requestedBy"]!.GetValue<string>());
        // No view had folded the event in, so none needs a rebuild.
        Assert.Empty(skipped["rebuilds"]!.AsArray());

        await WorkerFixture.Eventually(() => Every("running", null), "every projection running past the skipped event");
        await chronology.Worker.WaitForNonStaleProjectionDataAsync(1.Minutes());
        Assert.Equal("cancelled", (await chronology.Get($"/records/{other}")).Json!["status"]!.GetValue<string>());
        var kept = (await chronology.Get($"/records/{poisoned}")).Json!;
        Assert.Equal(1, kept["revision"]!.GetValue<int>());
        Assert.Equal("2018 US–DPRK summit", kept["title"]!["en"]!.GetValue<string>());
    }

    private async Task<Guid> Create(string title)
    {
        var created = await chronology.Post("/records", $$$"""{"kind":"talks","title":{"en":"{{{title}}}"}}""", key: WorkerFixture.EditorKey);
        Assert.Equal(201, created.Status);
        return Guid.Parse(created.Json!["id"]!.GetValue<string>());
    }

    /// <summary>Whether /admin/projections shows every projection in <paramref name="state"/> (faulted: on that event).</summary>
    private async Task<bool> Every(string state, long? failedAt)
    {
        var items = (await chronology.Get("/admin/projections")).Json!["items"]!.AsArray();
        return Projections.All(name => items.Any(item =>
            item!["name"]!.GetValue<string>() == name && item["state"]!.GetValue<string>() == state &&
            (failedAt is null || item["failure"]?["sequence"]?.GetValue<long>() == failedAt)));
    }
}
