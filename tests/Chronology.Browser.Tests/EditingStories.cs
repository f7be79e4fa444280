using Chronology.Faults.Tests;
using Microsoft.Playwright;

namespace Chronology.Browser.Tests;

/// <summary>An editor signs in with a key kept in the tab's session, edits through the JSON API, and meets its problems.</summary>
[Collection(ViewerCollection.Name)]
public sealed class EditingStories(ViewerHost host)
{
    private static async Task AddOutcome(IPage page, string text)
    {
        await WriteOutcome(page, text);
        await Save(page);
    }

    private static async Task WriteOutcome(IPage page, string text)
    {
        await page.Locator("details[data-command=outcome] summary").ClickAsync();
        await page.GetByLabel("Outcome (English)").FillAsync(text);
    }

    private static Task Save(IPage page) => page.Locator("#e-outcome").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

    [Fact]
    public async Task An_editor_signs_in_adds_an_outcome_and_sees_it_appear()
    {
        var page = await host.Open($"/records/{host.Record("Red Cross talks")}");
        await ViewerHost.SignIn(page, ChronologyProcess.EditorKey);
        Assert.DoesNotContain(ChronologyProcess.EditorKey, page.Url);
        Assert.Equal(ChronologyProcess.EditorKey, await page.EvaluateAsync<string>("sessionStorage.getItem('chronology.apiKey')"));
        Assert.Empty(await page.Context.CookiesAsync());

        await AddOutcome(page, "Reunions of separated families at Mount Kumgang in August.");
        await page.WaitForSelectorAsync("#outcomes li:has-text('Reunions of separated families at Mount Kumgang in August.')");
        await ViewerHost.Screenshot(page, "record-after-edit");
    }

    [Fact]
    public async Task An_editor_creates_a_record_from_the_timeline()
    {
        var page = await host.Open("/");
        await ViewerHost.SignIn(page, ChronologyProcess.EditorKey);
        await page.Locator("details.edit summary", new() { HasText = "New record" }).ClickAsync();
        await page.Locator("#e-create-kind").SelectOptionAsync("talks");
        await page.GetByLabel("Title (English)").FillAsync("Inter-Korean working-level talks");
        await page.GetByLabel("Title (繁體中文)").FillAsync("南北工作級會談");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync("**/records/*");
        await ViewerHost.Ready(page);
        Assert.Equal("Inter-Korean working-level talks", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("revision 1", await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task An_invalid_EDTF_date_is_explained_next_to_its_field()
    {
        var page = await host.Open($"/records/{host.Record("Red Cross talks")}");
        await ViewerHost.SignIn(page, ChronologyProcess.EditorKey);
        await page.Locator("details[data-command=status] summary").ClickAsync();
        await page.Locator("#e-status-command").SelectOptionAsync("cancel");
        await page.GetByLabel("On (valid date, EDTF)").FillAsync("2018-13-45");
        await page.Locator("#e-status").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var error = page.Locator("#e-status [data-field=on] .field-error");
        await error.WaitForAsync();
        Assert.Contains("month 13 does not exist", await error.InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("On (valid date, EDTF)").GetAttributeAsync("aria-invalid"));
        await ViewerHost.Screenshot(page, "edit-problem");
    }

    [Fact]
    public async Task Two_tabs_edit_the_same_revision_and_the_second_sees_what_changed_then_reapplies()
    {
        var id = host.Record("General-level military talks");
        var first = await host.Open($"/records/{id}");
        var second = await host.Open($"/records/{id}");
        await ViewerHost.SignIn(first, ChronologyProcess.EditorKey);
        await ViewerHost.SignIn(second, ChronologyProcess.EditorKey);

        // The second editor starts writing, the first saves meanwhile; the second tab says so but keeps the form.
        await WriteOutcome(second, "Second tab's outcome.");
        await AddOutcome(first, "First tab's outcome.");
        await first.WaitForSelectorAsync("#outcomes li:has-text(\"First tab's outcome.\")");
        await second.WaitForSelectorAsync("#live:has-text('Your open form is still based on revision')");

        await Save(second);
        var conflict = second.Locator("#e-outcome .conflict");
        await conflict.WaitForAsync();
        Assert.Matches(@"Someone else saved revision \d+ while you edited revision \d+", await conflict.InnerTextAsync());
        Assert.Contains("outcome", await conflict.Locator("ul").InnerTextAsync());
        await ViewerHost.Screenshot(second, "edit-412");

        await conflict.GetByRole(AriaRole.Button, new() { NameRegex = new("^Re-apply my edit") }).ClickAsync();
        await second.WaitForSelectorAsync("#outcomes li:has-text(\"Second tab's outcome.\")");
        Assert.Equal(1, await second.Locator("#outcomes li:has-text(\"First tab's outcome.\")").CountAsync());
    }

    [Fact]
    public async Task An_editor_reverts_a_revision_from_the_history_and_the_history_says_so()
    {
        var id = host.Record("April 2018 inter-Korean summit");
        var page = await host.Open($"/records/{id}/history");
        await ViewerHost.SignIn(page, ChronologyProcess.EditorKey);
        var latest = int.Parse(await page.Locator("table.history tbody tr").First.GetAttributeAsync("data-revision") ?? "0");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revert to revision {latest - 1}", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/records/{id}");
        await ViewerHost.Ready(page);
        Assert.Contains($"revision {latest + 1}", await page.Locator("main").InnerTextAsync());

        await ViewerHost.Until(async () =>
        {
            await ViewerHost.Goto(page, $"/records/{id}/history");
            return await page.Locator($"tr[data-revision='{latest + 1}'] .mark").AllInnerTextsAsync() is var marks && marks.Any(m => m.Trim() == "revert");
        }, "the revert to reach the history");
        await ViewerHost.Screenshot(page, "history-after-revert");
    }

    [Fact]
    public async Task An_undo_that_later_edits_conflict_with_names_the_conflicting_paths()
    {
        var id = host.Record(SampleRecords.May26);
        var page = await host.Open($"/records/{id}/history");
        await ViewerHost.SignIn(page, ChronologyProcess.EditorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo revision 4", Exact = true }).ClickAsync();
        var conflict = page.Locator("tr[data-revision='4'] .conflict");
        await conflict.WaitForAsync();
        Assert.Contains("/place", await conflict.InnerTextAsync());
    }
}
