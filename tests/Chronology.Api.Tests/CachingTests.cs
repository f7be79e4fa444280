using Alba;
using Chronology.Api.Tests.Caching;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Tests;

/// <summary>HTTP caching of reads: a tag per representation, 304 on If-None-Match, immutable fixed revisions.</summary>
public sealed class CachingTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Each_representation_of_a_record_has_its_own_strong_tag_and_json_keeps_the_bare_revision()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");

        var tags = new[]
        {
            Tag(await Read($"/records/{id}")),
            Tag(await Read($"/records/{id}", "application/ld+json")),
            Tag(await Read($"/records/{id}", "text/calendar")),
            Tag(await Read("/timeline", "text/csv")),
        };

        Assert.Equal("\"2\"", tags[0].ToString());
        Assert.Equal("\"2-jsonld\"", tags[1].ToString());
        Assert.Equal("\"2-ics\"", tags[2].ToString());
        Assert.EndsWith("-csv\"", tags[3].ToString());
        Assert.All(tags, tag => Assert.False(tag.IsWeak));
        Assert.Equal(tags.Length, tags.Select(tag => tag.Tag.Value).Distinct().Count());
        // The .ics address is the calendar representation of the same record: same tag.
        Assert.Equal(tags[2], Tag(await Read($"/records/{id}.ics")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/ld+json")]
    [InlineData("text/calendar")]
    public async Task A_current_copy_named_in_If_None_Match_answers_304_with_no_body_and_the_same_tag(string? accept)
    {
        var id = await Api.CreateRecord();
        var first = await Read($"/records/{id}", accept);
        var tag = Tag(first);

        var again = await Read($"/records/{id}", accept, (HeaderNames.IfNoneMatch, tag.ToString()));

        Assert.Equal(304, again.Context.Response.StatusCode);
        Assert.Equal("", again.ReadAsText());
        Assert.Equal(tag, Tag(again));
        CacheControl.AssertRevalidated(again, isPublic: true);
        Assert.Contains("Accept", again.Context.Response.Headers.Vary.ToString());
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("*")]
    [InlineData("\"9\", \"1\"")]
    public async Task If_None_Match_compares_weakly_and_takes_a_star_or_a_list(string ifNoneMatch)
    {
        var id = await Api.CreateRecord();

        var read = await Read($"/records/{id}", null, (HeaderNames.IfNoneMatch, ifNoneMatch));

        Assert.Equal(304, read.Context.Response.StatusCode);
        Assert.Equal("\"1\"", Tag(read).ToString());
    }

    [Fact]
    public async Task After_an_edit_the_old_tag_gets_the_new_record_with_a_new_tag()
    {
        var id = await Api.CreateRecord();
        var old = Tag(await Read($"/records/{id}"));
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"High-level talks on 1 June"}}""");

        var read = await Read($"/records/{id}", null, (HeaderNames.IfNoneMatch, old.ToString()));

        Assert.Equal(200, read.Context.Response.StatusCode);
        Assert.Equal("\"2\"", Tag(read).ToString());
        Assert.Contains("High-level talks", read.ReadAsText());
    }

    [Fact]
    public async Task Another_representations_tag_does_not_match()
    {
        var id = await Api.CreateRecord();
        var calendar = Tag(await Read($"/records/{id}", "text/calendar"));

        var json = await Read($"/records/{id}", null, (HeaderNames.IfNoneMatch, calendar.ToString()));

        Assert.Equal(200, json.Context.Response.StatusCode);
        Assert.Equal("\"1\"", Tag(json).ToString());
    }

    [Fact]
    public async Task A_fixed_revision_is_immutable_and_the_current_state_revalidates()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24","by":"Donald Trump"}""");

        foreach (var url in new[] { $"/records/{id}?revision=2", $"/records/{id}.ics?revision=2", $"/records/{id}/diff?from=1&to=2",
                     $"/records/{id}/diff?to=2", $"/records/{id}/status-history?revision=2" })
        {
            var read = await Read(url);
            Assert.True(read.Context.Response.StatusCode == 200, $"{url}: {read.ReadAsText()}");
            CacheControl.AssertImmutable(read, isPublic: true);
            Assert.False(Tag(read).IsWeak);
            Assert.NotNull(read.Context.Response.GetTypedHeaders().LastModified);
        }
        foreach (var url in new[] { $"/records/{id}", $"/records/{id}.ics", $"/records/{id}?validAt=2018-05-25", $"/records/{id}/diff",
                     $"/records/{id}/status-history", $"/records/{id}/history", $"/records/{id}/blame", "/records", "/timeline", "/changes" })
        {
            var read = await Read(url);
            Assert.True(read.Context.Response.StatusCode == 200, $"{url}: {read.ReadAsText()}");
            CacheControl.AssertRevalidated(read, isPublic: true);
            Assert.NotNull(read.Context.Response.Headers.ETag.ToString());
            Assert.Null(read.Context.Response.GetTypedHeaders().LastModified);
        }
    }

    [Fact]
    public async Task A_fixed_revision_answers_304_to_its_tag_and_to_If_Modified_Since_its_date()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        var first = await Read($"/records/{id}?revision=1");
        var lastModified = first.Context.Response.Headers.LastModified.ToString();

        var byTag = await Read($"/records/{id}?revision=1", null, (HeaderNames.IfNoneMatch, Tag(first).ToString()));
        var byDate = await Read($"/records/{id}?revision=1", null, (HeaderNames.IfModifiedSince, lastModified));
        var diff = await Read($"/records/{id}/diff?from=1&to=2");
        var diffAgain = await Read($"/records/{id}/diff?from=1&to=2", null, (HeaderNames.IfNoneMatch, Tag(diff).ToString()));

        Assert.Equal("\"1\"", Tag(first).ToString());
        Assert.Equal(304, byTag.Context.Response.StatusCode);
        Assert.Equal(304, byDate.Context.Response.StatusCode);
        CacheControl.AssertImmutable(byDate, isPublic: true);
        Assert.Equal(304, diffAgain.Context.Response.StatusCode);
        Assert.Equal("", diffAgain.ReadAsText());
    }

    [Fact]
    public async Task A_history_page_below_a_cursor_is_immutable_once_the_log_holds_its_revisions()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"High-level talks on 1 June"}}""");
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"General-level talks on 14 June"}}""");

        var first = await Read($"/records/{id}/history?limit=2");
        var cursor = Response.Of(first).Json!["next"]!.GetValue<string>();
        var older = await Read($"/records/{id}/history?limit=2&after={Uri.EscapeDataString(cursor)}");

        CacheControl.AssertRevalidated(first, isPublic: true);
        CacheControl.AssertImmutable(older, isPublic: true);
        Assert.NotNull(Response.Of(older).Json!["items"]![0]!["logIndex"]?.GetValue<long>());
    }

    [Fact]
    public async Task History_changes_the_timeline_and_lists_answer_304_until_an_edit_changes_them()
    {
        var id = await Api.CreateRecord();
        foreach (var url in new[] { $"/records/{id}/history", $"/records/{id}/blame", $"/records/{id}/status-history", "/changes", "/records", "/timeline" })
        {
            var first = await Read(url);
            var again = await Read(url, null, (HeaderNames.IfNoneMatch, Tag(first).ToString()));
            Assert.True(again.Context.Response.StatusCode == 304, $"{url} answered {again.Context.Response.StatusCode}");

            await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Agreed to meet again"}}""");
            var changed = await Read(url, null, (HeaderNames.IfNoneMatch, Tag(first).ToString()));
            Assert.True(changed.Context.Response.StatusCode == 200, $"{url} after an edit answered {changed.Context.Response.StatusCode}");
            Assert.NotEqual(Tag(first), Tag(changed));
        }
    }

    [Fact]
    public async Task If_Match_on_an_edit_compares_the_json_tag_of_a_read()
    {
        var id = await Api.CreateRecord();
        var json = Tag(await Read($"/records/{id}"));
        var calendar = Tag(await Read($"/records/{id}", "text/calendar"));

        var edit = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", json.ToString()));
        var stale = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", json.ToString()));
        var notJson = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", calendar.ToString()));

        Assert.Equal(200, edit.Status);
        Assert.Equal("2", edit.ETag);
        stale.AssertProblem(412, "stale-revision", "revision.stale");
        notJson.AssertProblem(400, "invalid-input", "request.if-match");
        Assert.Equal("\"2\"", Tag(await Read($"/records/{id}")).ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"1")]
    [InlineData("W/1")]
    [InlineData("\"1\" \"2\"")]
    public async Task A_malformed_If_None_Match_is_a_400_problem(string ifNoneMatch)
    {
        var id = await Api.CreateRecord();

        var read = Response.Of(await Read($"/records/{id}", null, (HeaderNames.IfNoneMatch, ifNoneMatch)));

        read.AssertProblem(400, "invalid-input", "request.if-none-match");
    }

    [Fact]
    public async Task A_malformed_If_Modified_Since_is_ignored()
    {
        var id = await Api.CreateRecord();

        var read = await Read($"/records/{id}?revision=1", null, (HeaderNames.IfModifiedSince, "yesterday"));

        Assert.Equal(200, read.Context.Response.StatusCode);
    }

    private async Task<IScenarioResult> Read(string url, string? accept = null, params (string Name, string Value)[] headers)
    {
        // Current tags are remembered by the API until its watch of the records view sees them change (RecordsViewWatch).
        await Api.Host.WaitForRevalidationWatch();
        return await Api.Host.Scenario(x =>
        {
            x.Get.Url(url);
            if (accept is not null) x.WithRequestHeader(HeaderNames.Accept, accept);
            foreach (var (name, value) in headers) x.WithRequestHeader(name, value);
            x.IgnoreStatusCode();
        });
    }

    private static EntityTagHeaderValue Tag(IScenarioResult result) =>
        EntityTagHeaderValue.Parse(result.Context.Response.Headers.ETag.ToString());
}

/// <summary>Where reads need a key, what a cache may keep is private to the client that asked.</summary>
[Collection(ClosedReadsCollection.Name)]
public sealed class PrivateCachingTests(ClosedReadsFixture api) : FixtureTest<ClosedReadsFixture>(api)
{
    [Fact]
    public async Task Reads_that_need_a_key_are_cached_privately()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""");
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var current = await Read($"/records/{id}");
        var fixedRevision = await Read($"/records/{id}?revision=1");

        CacheControl.AssertRevalidated(current, isPublic: false);
        CacheControl.AssertImmutable(fixedRevision, isPublic: false);
    }

    private Task<IScenarioResult> Read(string url) => Api.Host.Scenario(x =>
    {
        x.Get.Url(url);
        x.WithBearerToken(ApiFixture.ReaderKey);
        x.IgnoreStatusCode();
    });
}

/// <summary>What a read's Cache-Control allows, whatever order the directives come in.</summary>
internal static class CacheControl
{
    public static void AssertImmutable(IScenarioResult result, bool isPublic)
    {
        var control = Of(result);
        Assert.Equal((isPublic, !isPublic), (control.Public, control.Private));
        Assert.Equal(TimeSpan.FromDays(1), control.MaxAge);
        Assert.Contains(control.Extensions, directive => directive.Name == "immutable");
        Assert.False(control.NoCache);
    }

    public static void AssertRevalidated(IScenarioResult result, bool isPublic)
    {
        var control = Of(result);
        Assert.Equal((isPublic, !isPublic), (control.Public, control.Private));
        Assert.True(control.NoCache);
        Assert.Null(control.MaxAge);
        Assert.DoesNotContain(control.Extensions, directive => directive.Name == "immutable");
    }

    private static CacheControlHeaderValue Of(IScenarioResult result) =>
        CacheControlHeaderValue.Parse(result.Context.Response.Headers.CacheControl.ToString());
}
