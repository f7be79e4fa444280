using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Chronology.Browser.Tests;

/// <summary>A reader finds a record on the timeline, reads it, its history, a diff, who set what, and travels in time.</summary>
[Collection(ViewerCollection.Name)]
public sealed class ReadingStories(ViewerHost host)
{
    private const string Summit = SampleRecords.Summit;
    private const string May26 = SampleRecords.May26;

    [Fact]
    public async Task The_US_DPRK_summit_is_on_the_timeline_in_valid_time_order_with_imprecise_dates_as_they_are()
    {
        var page = await host.Open("/");
        await ViewerHost.Screenshot(page, "timeline");
        var may = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "May 2018", Exact = true }) });
        var cancelled = may.Locator("li", new() { HasText = Summit }).Filter(new() { Has = page.Locator(".status.cancelled") });
        Assert.Equal("24 May 2018", await cancelled.Locator(".when").InnerTextAsync());
        // The 16 May talks were first scheduled knowing only the month: shown as "May 2018", never as a made-up day.
        Assert.Contains("May 2018", await may.Locator(".when").AllInnerTextsAsync());

        await page.GetByLabel("Text").FillAsync("南北韓首腦會談");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await ViewerHost.Ready(page);
        var titles = await page.Locator("ol.timeline a").AllInnerTextsAsync();
        Assert.Contains(May26, titles);
        Assert.Contains("April 2018 inter-Korean summit", titles);
        Assert.DoesNotContain(Summit, titles);

        await ViewerHost.Goto(page, "/");
        await page.GetByRole(AriaRole.Link, new() { Name = Summit }).First.ClickAsync();
        await ViewerHost.Ready(page);
        Assert.Equal($"/records/{host.Record(Summit)}", new Uri(page.Url).AbsolutePath);
        Assert.Equal(Summit, await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task The_timeline_pages_on_with_its_filters_in_the_URL()
    {
        var page = await host.Open("/?limit=10&from=2018-05");
        var first = await page.Locator("ol.timeline li").AllInnerTextsAsync();
        Assert.Equal(10, first.Count);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await ViewerHost.Ready(page);
        var second = await page.Locator("ol.timeline li").AllInnerTextsAsync();
        Assert.NotEmpty(second);
        Assert.Empty(second.Intersect(first));
        Assert.Contains("from=2018-05", page.Url);
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "First page" }).CountAsync());
    }

    [Theory]
    [InlineData("2018", "2018")]
    [InlineData("2018?", "2018?")]
    [InlineData("2018-09", "September 2018")]
    [InlineData("2018-06~", "about June 2018")]
    [InlineData("2018-06-12%", "about 12 June 2018?")]
    [InlineData("201X", "the 2010s")]
    [InlineData("2018-XX", "a month of 2018")]
    [InlineData("2018-21", "spring 2018")]
    [InlineData("2018-06/..", "from June 2018 on")]
    [InlineData("2018-06/", "from June 2018, end unknown")]
    [InlineData("2018-09-18/2018-09-20", "18 September 2018 – 20 September 2018")]
    [InlineData("2018-05-26T15:00:00+09:00/2018-05-26T17:00:00+09:00", "26 May 2018, 15:00–17:00 (UTC+09:00)")]
    public async Task Imprecise_dates_are_said_as_precisely_as_they_are_known(string edtf, string said)
    {
        var page = await host.Open("/");
        Assert.Equal(said, await page.EvaluateAsync<string>("async edtf => (await import('/viewer/dates.js')).human(edtf)", edtf));
    }

    [Fact]
    public async Task A_browser_gets_the_page_and_every_other_client_the_same_JSON_at_the_same_URL()
    {
        var id = host.Record(Summit);
        foreach (var path in new[] { $"/records/{id}", $"/records/{id}/history" })
        {
            using var html = new HttpRequestMessage(HttpMethod.Get, path);
            html.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            using var page = await host.Http.SendAsync(html);
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            Assert.Contains("Accept", page.Headers.Vary);

            foreach (var accept in new[] { null, "*/*", "application/json" })
            {
                using var json = new HttpRequestMessage(HttpMethod.Get, path);
                if (accept is not null) json.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
                using var answer = await host.Http.SendAsync(json);
                Assert.Equal("application/json", answer.Content.Headers.ContentType!.MediaType);
                Assert.Contains("Accept", answer.Headers.Vary);
            }
        }
        using var root = await host.Http.GetAsync("/");
        Assert.Equal(404, (int)root.StatusCode);
        Assert.Equal("application/problem+json", root.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_record_page_shows_facts_with_their_sources_and_switches_language()
    {
        var page = await host.Open($"/records/{host.Record(May26)}");
        await ViewerHost.Screenshot(page, "record");
        Assert.Contains("26 May 2018, 15:00–17:00 (UTC+09:00)", await page.Locator("dl.facts").InnerTextAsync());
        Assert.True(await page.Locator("dd[data-field=place] .cites a").CountAsync() > 0, "the place cites its source");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文（繁體）" }).ClickAsync();
        await ViewerHost.Ready(page);
        Assert.Equal("2018年5月南北韓首腦會談", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("zh-Hant", await page.Locator("h1 [lang]").GetAttributeAsync("lang"));
        Assert.Contains("統一閣", await page.Locator("dd[data-field=place]").InnerTextAsync());
        await ViewerHost.Screenshot(page, "record-zh-Hant");
    }

    [Fact]
    public async Task History_lists_every_revision_and_compares_revision_1_with_the_latest()
    {
        var id = host.Record(Summit);
        var page = await host.Open($"/records/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await ViewerHost.Ready(page);
        await ViewerHost.Screenshot(page, "history");
        var rows = page.Locator("table.history tbody tr");
        var latest = await rows.CountAsync();
        Assert.True(latest >= 13);
        Assert.Contains("cancel", await page.Locator("tr[data-revision='8']").InnerTextAsync());
        // Every revision is an entry of the transparency log, signed or not yet.
        Assert.Matches(@"^entry \d+", await page.Locator("tr[data-revision='1'] td").Last.InnerTextAsync());

        await page.GetByLabel("Compare from revision 1", new() { Exact = true }).CheckAsync();
        await page.GetByLabel($"Compare to revision {latest}", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare selected revisions" }).ClickAsync();
        await ViewerHost.Ready(page);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.Equal(("1", latest.ToString()), (query["from"], query["to"]));
        var status = page.Locator("tr[data-path='/status']");
        Assert.Equal("proposed", await status.Locator("td.before del").InnerTextAsync());
        Assert.Equal("held", await status.Locator("td.after ins").InnerTextAsync());
        await ViewerHost.Screenshot(page, "diff-1-to-latest");
    }

    [Fact]
    public async Task The_venue_correction_highlights_the_changed_CJK_words_only()
    {
        var page = await host.Open($"/records/{host.Record(May26)}/diff?from=18&to=19");
        await ViewerHost.Screenshot(page, "diff");
        var name = page.Locator("tr[data-path='/place/name/zh-Hant']");
        Assert.Equal(["和平之家"], await name.Locator("td.before del").AllInnerTextsAsync());
        Assert.Equal(["統一閣"], await name.Locator("td.after ins").AllInnerTextsAsync());
        var locality = page.Locator("tr[data-path='/place/locality']");
        Assert.Equal(["south"], await locality.Locator("del").AllInnerTextsAsync());
        Assert.Equal(["north"], await locality.Locator("ins").AllInnerTextsAsync());
        Assert.Contains("correction", await page.Locator("main ul.plain").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Next pair →" }).ClickAsync();
        await ViewerHost.Ready(page);
        Assert.Contains("from=19&to=20", page.Url);
    }

    [Fact]
    public async Task Blame_names_the_revision_editor_and_sources_that_last_set_each_field()
    {
        var page = await host.Open($"/records/{host.Record(May26)}/blame");
        await ViewerHost.Screenshot(page, "blame");
        var place = page.Locator("tr[data-path='/place']");
        Assert.Contains("revision 19", await place.InnerTextAsync());
        Assert.Contains("mchen", await place.InnerTextAsync());
        Assert.Contains("correction", await place.InnerTextAsync());
    }

    [Fact]
    public async Task The_status_band_shows_the_cancellation_of_24_May_and_the_reinstatement_each_linked_to_its_revision()
    {
        var page = await host.Open($"/records/{host.Record(Summit)}");
        var band = page.Locator("svg.band");
        await band.ScrollIntoViewIfNeededAsync();
        await band.ScreenshotAsync(new() { Path = Path.Combine(ViewerHost.Screenshots, "status-band.png") });
        var changes = await band.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.change)");
        Assert.Equal(["announced", "scheduled", "cancelled", "reinstated", "held"], changes);
        var cancelled = band.Locator("a[data-change=cancelled]");
        Assert.StartsWith("cancelled from 24 May 2018 to 1 June 2018", await cancelled.GetAttributeAsync("aria-label"));
        Assert.StartsWith("scheduled (reinstated) from 1 June 2018", await band.Locator("a[data-change=reinstated]").GetAttributeAsync("aria-label"));

        await cancelled.Locator("rect").ClickAsync();
        await ViewerHost.Ready(page);
        Assert.Contains("cancelled", await page.Locator(".banner").InnerTextAsync() + await page.Locator("main p .status").InnerTextAsync());
        Assert.Matches(@"Revision \d+ of \d+", await page.Locator(".banner").InnerTextAsync());
    }

    [Fact]
    public async Task Time_travel_shows_the_venue_before_and_after_its_correction_and_says_which_clock()
    {
        var id = host.Record(May26);
        var page = await host.Open($"/records/{id}?revision=18&lang=zh-Hant");
        await ViewerHost.Screenshot(page, "time-travel-revision");
        Assert.StartsWith("Revision 18 of", await page.Locator(".banner p").First.InnerTextAsync());
        Assert.Contains("和平之家", await page.Locator("dd[data-field=place]").InnerTextAsync());

        await ViewerHost.Goto(page, $"/records/{id}?revision=19&lang=zh-Hant");
        Assert.Contains("統一閣", await page.Locator("dd[data-field=place]").InnerTextAsync());
        Assert.Contains("by mchen", await page.Locator(".banner").InnerTextAsync());

        await ViewerHost.Goto(page, $"/records/{host.Record(Summit)}?validAt=2018-05-25");
        Assert.Contains("The world on 25 May 2018 as we know it now", await page.Locator(".banner").InnerTextAsync());
        Assert.Equal("cancelled", await page.Locator("main p .status").InnerTextAsync());

        await ViewerHost.Goto(page, $"/records/{host.Record(Summit)}?validAt=2018-05-25&knownAt=2100-01-01T00:00:00Z");
        Assert.Contains("The world on 25 May 2018 as it was recorded by 2100-01-01 00:00:00 UTC", await page.Locator(".banner").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the current state" }).ClickAsync();
        await ViewerHost.Ready(page);
        Assert.Equal(0, await page.Locator(".banner").CountAsync());
        Assert.Equal("held", await page.Locator("main p .status").InnerTextAsync());
    }
}
