using Chronology.Api.Caching;
using Chronology.Domain.Erasing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Tests.Caching;

/// <summary>
/// Revalidating a current record costs no query once the API has served it: the API remembers its tag until its watch of
/// the records view sees the record change (or an erasure, or a rebuild). A tag the view no longer holds is answered
/// 200 as soon as the watch has looked at the view once after it moved.
/// </summary>
[Collection(RevalidationCollection.Name)]
public sealed class RevalidationMemoryTests(RevalidationFixture api) : FixtureTest<RevalidationFixture>(api)
{
    private RevalidationMemory Memory => Api.Host.Services.GetRequiredService<RevalidationMemory>();

    private async Task<Response> Revalidate(Guid id, string tag)
    {
        await Api.Host.WaitForRevalidationWatch();
        return await Api.Send(HttpMethod.Get, $"/records/{id}", (string?)null, ApiFixture.ReaderKey, headers: (HeaderNames.IfNoneMatch, $"\"{tag}\""));
    }

    [Fact]
    public async Task A_served_record_is_revalidated_from_memory_until_an_edit_reaches_the_view_then_the_old_tag_gets_200()
    {
        var id = await Api.CreateRecord();
        Assert.Equal("1", (await Api.Get($"/records/{id}", ApiFixture.ReaderKey)).ETag);
        Assert.Equal("\"1\"", Memory.CurrentTag(id)?.ToString());
        Assert.Equal(304, (await Revalidate(id, "1")).Status);

        Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Joint statement"}}""")).Status);

        var afresh = await Revalidate(id, "1");
        Assert.Equal(200, afresh.Status);
        Assert.Equal("2", afresh.ETag);
        Assert.Equal(2, afresh.Revision);
        Assert.Equal(304, (await Revalidate(id, "2")).Status);
        Assert.Equal("\"2\"", Memory.CurrentTag(id)?.ToString());
    }

    [Fact]
    public async Task An_erasure_made_elsewhere_is_seen_by_the_watch_which_forgets_every_tag()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/participants", """{"name":{"en":"Kim Yong-chol"},"side":"KP"}""")).Status);
        Assert.Equal(304, (await Revalidate(id, "2")).Status);
        Assert.NotNull(Memory.CurrentTag(id));

        // The eraser itself, as another API would run it: this API's memory learns of it only from the records view.
        var eraser = Api.Host.Services.GetRequiredService<SubjectEraser>();
        Assert.NotNull(await eraser.Erase(new EraseSubject("Kim Yong-chol", ["participant.name"], "asked"), "root", CancellationToken.None));

        var afresh = await Revalidate(id, "2");
        Assert.Equal(200, afresh.Status);
        Assert.Equal("2-e1", afresh.ETag);
        Assert.Contains("[erased]", afresh.Text);
        Assert.Equal(304, (await Revalidate(id, "2-e1")).Status);
    }

    [Fact]
    public async Task A_calendar_read_after_an_erasure_leaves_the_json_tag_with_its_erasure()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/participants", """{"name":{"en":"Kim Yong-chol"},"side":"KP"}""")).Status);
        Assert.Equal(200, (await Api.Post("/admin/erasures", """{"subject":"Kim Yong-chol","fields":["participant.name"],"reason":"asked"}""", ApiFixture.AdminKey)).Status);

        // The calendar shows no personal value, so its tag has no erasure; what memory keeps for the JSON must. (Read once
        // the watch has passed the erasure, so that nothing forgets what this read leaves in memory.)
        await Api.Host.WaitForRevalidationWatch();
        var calendar = await Api.Send(HttpMethod.Get, $"/records/{id}", (string?)null, ApiFixture.ReaderKey, headers: (HeaderNames.Accept, "text/calendar"));
        Assert.Equal("2-ics", calendar.ETag);

        var json = await Revalidate(id, "2");
        Assert.Equal(200, json.Status);
        Assert.Equal("2-e1", json.ETag);
    }

    [Fact]
    public async Task Tags_stay_right_through_a_rebuild_of_the_record_views()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Joint statement"}}""")).Status);
        Assert.Equal(304, (await Revalidate(id, "2")).Status);

        await Api.RebuildRecordViews();
        Assert.Equal(304, (await Revalidate(id, "2")).Status);
        Assert.Equal(200, (await Revalidate(id, "1")).Status);

        Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Hotline"}}""")).Status);
        Assert.Equal(200, (await Revalidate(id, "2")).Status);
        Assert.Equal(304, (await Revalidate(id, "3")).Status);
    }

    [Fact]
    public void Memory_answers_only_while_the_watch_keeps_looking_and_keeps_no_read_a_forgetting_overtook()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var memory = new RevalidationMemory(clock);
        var (id, other) = (Guid.NewGuid(), Guid.NewGuid());
        var tag = RepresentationTag.Of(3);

        memory.LookedAt(clock.GetUtcNow());
        memory.RememberCurrentTag(id, tag, memory.Epoch);
        Assert.Equal(tag, memory.CurrentTag(id));

        // A watch that stalls stops memory from answering; it answers again once the watch has looked again.
        clock.Advance(RevalidationMemory.TrustFor);
        Assert.Null(memory.CurrentTag(id));
        memory.LookedAt(clock.GetUtcNow());
        Assert.Equal(tag, memory.CurrentTag(id));

        // A read that began before a round of forgetting may have read what that round forgets: it is not kept.
        var epoch = memory.Epoch;
        memory.Forget([id]);
        memory.RememberCurrentTag(other, tag, epoch);
        Assert.Null(memory.CurrentTag(id));
        Assert.Null(memory.CurrentTag(other));

        memory.RememberCurrentTag(other, tag, memory.Epoch);
        memory.ForgetAll();
        Assert.Null(memory.CurrentTag(other));
    }
}
