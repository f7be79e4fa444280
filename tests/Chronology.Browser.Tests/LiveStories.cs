using Chronology.Faults.Tests;

namespace Chronology.Browser.Tests;

/// <summary>Pages show revisions made elsewhere as they arrive on the change stream, without a reload.</summary>
[Collection(ViewerCollection.Name)]
public sealed class LiveStories(ViewerHost host)
{
    [Fact]
    public async Task A_record_page_and_the_timeline_show_an_edit_made_by_another_client_without_a_reload()
    {
        var id = host.Record("Sports talks");
        var record = await host.Open($"/records/{id}");
        var timeline = await host.Open("/?q=體育會談");
        await record.WaitForSelectorAsync("body[data-live=connected]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await timeline.WaitForSelectorAsync("body[data-live=connected]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await record.EvaluateAsync("window.notReloaded = true");
        await timeline.EvaluateAsync("window.notReloaded = true");

        var answer = await host.Send(HttpMethod.Post, $"/records/{id}/outcomes", new { text = new Dictionary<string, string> { ["en"] = "A friendly match announced live." } });
        var revision = answer.GetProperty("revision").GetInt32();

        await record.WaitForSelectorAsync("#outcomes li:has-text('A friendly match announced live.')");
        Assert.True(await record.EvaluateAsync<bool>("window.notReloaded === true"));
        Assert.Contains($"Revision {revision} by editor arrived", await record.Locator("#live").InnerTextAsync());
        await timeline.WaitForSelectorAsync($"#live:has-text('Revision {revision} by editor arrived')");
        Assert.True(await timeline.EvaluateAsync<bool>("window.notReloaded === true"));
    }

    [Fact]
    public async Task The_change_stream_is_read_with_the_key_in_a_header_never_in_a_URL()
    {
        var page = await host.Open("/");
        var urls = new List<string>();
        var authorized = new List<string?>();
        page.Request += (_, request) =>
        {
            urls.Add(request.Url);
            if (request.Url.Contains("/changes/stream")) authorized.Add(request.Headers.GetValueOrDefault("authorization"));
        };
        await ViewerHost.SignIn(page, ChronologyProcess.EditorKey);
        await page.WaitForSelectorAsync("body[data-live=connected]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        Assert.Contains($"Bearer {ChronologyProcess.EditorKey}", authorized);
        Assert.DoesNotContain(urls, url => url.Contains(ChronologyProcess.EditorKey, StringComparison.Ordinal));
    }
}
