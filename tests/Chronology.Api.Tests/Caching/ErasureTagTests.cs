using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Tests.Caching;

/// <summary>
/// An erasure changes what past revisions show without a new revision, so it changes the tag of every representation
/// that showed an erased value, and of no other: a copy cached before it is answered afresh, a copy made after it is current.
/// </summary>
[Collection(RevalidationCollection.Name)]
public sealed class ErasureTagTests(RevalidationFixture api) : FixtureTest<RevalidationFixture>(api)
{
    private const string Subject = "Kim Yong-chol";
    private const string Erased = "[erased]";

    /// <summary>A record whose revision 2 adds the subject as a participant and whose revision 3 only schedules it.</summary>
    private async Task<Guid> RecordWithTheSubject()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/participants", $$"""{"name":{"en":"{{Subject}}"},"role":"Vice Chairman","side":"KP"}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""")).Status);
        return id;
    }

    private Task<Response> Erase() =>
        Api.Post("/admin/erasures", $$"""{"subject":"{{Subject}}","fields":["participant.name","participant.role"],"reason":"asked"}""", ApiFixture.AdminKey);

    /// <summary>A read once the API's memory of current tags is true to the views; <paramref name="ifNoneMatch"/> is a tag as <see cref="Response.ETag"/> gives it (unquoted).</summary>
    private async Task<Response> Read(string url, string? accept, string? ifNoneMatch = null)
    {
        await Api.Host.WaitForRevalidationWatch();
        var headers = new List<(string, string)>();
        if (accept is not null) headers.Add((HeaderNames.Accept, accept));
        if (ifNoneMatch is not null) headers.Add((HeaderNames.IfNoneMatch, $"\"{ifNoneMatch}\""));
        return await Api.Send(HttpMethod.Get, url, (string?)null, ApiFixture.ReaderKey, headers: [.. headers]);
    }

    /// <summary>Reads that show the subject's name: fixed revisions in each format that shows it, diffs, and the current record.</summary>
    public static TheoryData<string, string?> ReadsThatShowTheName => new()
    {
        { "/records/{id}?revision=2", null },
        { "/records/{id}?revision=2", "application/ld+json" },
        { "/records/{id}?revision=3", null },
        { "/records/{id}/diff?from=1&to=2", null },
        { "/records/{id}/diff?from=2&to=3", null },
        { "/records/{id}/diff", null },
        { "/records/{id}", null },
        { "/records/{id}", "application/ld+json" },
        { "/records/{id}?validAt=2018-06-12", null },
        { "/records", null },
        { "/timeline", null },
        { "/timeline", "text/csv" },
    };

    [Theory]
    [MemberData(nameof(ReadsThatShowTheName))]
    public async Task An_erasure_changes_the_tag_the_old_tag_gets_the_erased_representation_and_the_new_tag_304(string path, string? accept)
    {
        var id = await RecordWithTheSubject();
        var url = path.Replace("{id}", id.ToString());
        var before = await Read(url, accept);
        Assert.Equal(200, before.Status);
        Assert.Equal(304, (await Read(url, accept, before.ETag)).Status);

        Assert.Equal(200, (await Erase()).Status);

        var afresh = await Read(url, accept, before.ETag);
        Assert.Equal(200, afresh.Status);
        Assert.NotEqual(before.ETag, afresh.ETag);
        if (before.Text.Contains(Subject))
        {
            Assert.DoesNotContain(Subject, afresh.Text);
            Assert.Contains(Erased, afresh.Text);
        }
        var current = await Read(url, accept, afresh.ETag);
        Assert.Equal(304, current.Status);
        Assert.Equal(afresh.ETag, current.ETag);
    }

    /// <summary>Reads that show none of the erased values: a revision before the subject came, the calendar, history.</summary>
    public static TheoryData<string, string?> ReadsThatShowNoErasedValue => new()
    {
        { "/records/{id}?revision=1", null },
        { "/records/{id}?revision=1", "application/ld+json" },
        { "/records/{id}?revision=2", "text/calendar" },
        { "/records/{id}.ics?revision=3", null },
        { "/records/{id}/diff?to=1", null },
        { "/records/{id}/history", null },
        { "/records/{id}/status-history?revision=3", null },
        { "/records/{id}/blame", null },
    };

    [Theory]
    [MemberData(nameof(ReadsThatShowNoErasedValue))]
    public async Task An_erasure_keeps_the_tag_of_what_showed_none_of_its_values(string path, string? accept)
    {
        var id = await RecordWithTheSubject();
        var url = path.Replace("{id}", id.ToString());
        var before = await Read(url, accept);
        Assert.Equal(200, before.Status);

        Assert.Equal(200, (await Erase()).Status);

        var after = await Read(url, accept, before.ETag);
        Assert.Equal(304, after.Status);
        Assert.Equal(before.ETag, after.ETag);
    }

    [Fact]
    public async Task Blame_changes_its_tag_when_a_quote_of_a_source_is_erased()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/sources", $$"""{"url":"https://example.org/a","quote":"{{Subject}} arrived in New York."}""")).Status);
        var url = $"/records/{id}/blame";
        var before = await Read(url, null);
        Assert.Contains(Subject, before.Text);

        Assert.Equal(200, (await Api.Post("/admin/erasures", $$"""{"subject":"{{Subject}}","fields":["source.quote"],"reason":"asked"}""", ApiFixture.AdminKey)).Status);

        var afresh = await Read(url, null, before.ETag);
        Assert.Equal(200, afresh.Status);
        Assert.DoesNotContain(Subject, afresh.Text);
        Assert.Equal(304, (await Read(url, null, afresh.ETag)).Status);
    }

    [Fact]
    public async Task A_fixed_revision_keeps_its_tag_across_later_edits_and_rebuilds_after_an_erasure()
    {
        var id = await RecordWithTheSubject();
        var url = $"/records/{id}?revision=2";
        var beforeErasure = await Read(url, null);
        Assert.Equal(200, (await Erase()).Status);
        var erased = await Read(url, null);
        Assert.Equal("2-e1", erased.ETag);

        Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Joint statement"}}""")).Status);
        Assert.Equal(304, (await Read(url, null, erased.ETag)).Status);
        Assert.Equal(304, (await Read($"/records/{id}", null, "4-e1")).Status);

        // The views folded again from the events keep every tag the erasure gave: a copy from before it is still not current.
        await Api.RebuildRecordViews();
        Assert.Equal(304, (await Read(url, null, erased.ETag)).Status);
        Assert.Equal(304, (await Read($"/records/{id}", null, "4-e1")).Status);
        var stale = await Read(url, null, beforeErasure.ETag);
        Assert.Equal(200, stale.Status);
        Assert.Contains(Erased, stale.Text);
    }
}
