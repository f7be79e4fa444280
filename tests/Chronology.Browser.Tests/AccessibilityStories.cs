using System.Text.Json;
using Chronology.Faults.Tests;
using Microsoft.Playwright;

namespace Chronology.Browser.Tests;

/// <summary>Every page: no serious or critical axe-core violations, usable by keyboard, readable 375 px wide.</summary>
[Collection(ViewerCollection.Name)]
public sealed class AccessibilityStories(ViewerHost host)
{
    public static TheoryData<string, string, bool> Pages => new()
    {
        { "timeline", "/", false },
        { "record", "/records/{May26}", false },
        { "record-signed-in", "/records/{May26}", true },
        { "time-travel", "/records/{May26}?revision=18&lang=zh-Hant", false },
        { "history", "/records/{Summit}/history", false },
        { "history-signed-in", "/records/{Summit}/history", true },
        { "diff", "/records/{May26}/diff?from=18&to=19", false },
        { "blame", "/records/{May26}/blame", false },
        { "admin", "/admin", true },
    };

    private string Resolve(string path) => path
        .Replace("{May26}", host.Record(SampleRecords.May26).ToString())
        .Replace("{Summit}", host.Record(SampleRecords.Summit).ToString());

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task No_serious_or_critical_axe_violations(string name, string path, bool signedIn)
    {
        var page = await host.Open(Resolve(path), axe: true);
        if (signedIn)
        {
            await ViewerHost.SignIn(page, path == "/admin" ? ChronologyProcess.AdminKey : ChronologyProcess.EditorKey);
            await page.Locator("details.edit").EvaluateAllAsync<int>("all => all.map(d => d.open = true).length");
            await page.WaitForTimeoutAsync(300);
        }
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        Assert.True(violations.GetArrayLength() == 0, $"{name}: {string.Join("\n", violations.EnumerateArray())}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Readable_375_px_wide_without_scrolling_sideways(string name, string path, bool signedIn)
    {
        var page = await host.Open(Resolve(path), width: 375);
        if (signedIn) await ViewerHost.SignIn(page, path == "/admin" ? ChronologyProcess.AdminKey : ChronologyProcess.EditorKey);
        await ViewerHost.Screenshot(page, $"narrow-{name}");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 375, $"{name} is {width} px wide at a 375 px viewport");
    }

    [Fact]
    public async Task A_keyboard_user_skips_to_the_content_and_opens_a_record_from_the_timeline()
    {
        var page = await host.Open("/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));

        // From the content, Tab reaches the filters, then the timeline's links; Enter follows one.
        for (var i = 0; i < 40 && !await page.EvaluateAsync<bool>("!!document.activeElement.closest('ol.timeline')"); i++)
            await page.Keyboard.PressAsync("Tab");
        var title = await page.EvaluateAsync<string>("document.activeElement.textContent");
        await page.Keyboard.PressAsync("Enter");
        await ViewerHost.Ready(page);
        Assert.Equal(title, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("/records/", page.Url);
    }
}
