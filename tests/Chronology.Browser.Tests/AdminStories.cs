using System.Text;
using Chronology.Faults.Tests;
using Microsoft.Playwright;

namespace Chronology.Browser.Tests;

/// <summary>An admin watches the projections, rebuilds one with a progress bar, and imports a file with a bad line.</summary>
[Collection(ViewerCollection.Name)]
public sealed class AdminStories(ViewerHost host)
{
    [Fact]
    public async Task An_admin_rebuilds_a_projection_and_watches_it_finish()
    {
        var page = await host.Open("/admin");
        await ViewerHost.SignIn(page, ChronologyProcess.AdminKey);
        var rows = page.Locator("tr[data-projection]");
        Assert.True(await rows.CountAsync() >= 3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rebuild changes" }).ClickAsync();
        await page.WaitForSelectorAsync("#rebuild-status [data-state=done]", new() { Timeout = 90_000 });
        Assert.Equal(1, await page.Locator("#rebuild-status progress").CountAsync());
        await ViewerHost.Screenshot(page, "admin");
    }

    [Fact]
    public async Task An_admin_uploads_an_import_and_sees_its_progress_and_the_line_it_refused()
    {
        var page = await host.Open("/admin");
        await ViewerHost.SignIn(page, ChronologyProcess.AdminKey);
        var file = """
            {"key": "browser-import-1", "record": "browser-import", "command": "create", "body": {"kind": "meeting", "title": {"en": "Imported from the admin page"}}, "editor": "sato"}
            {"key": "browser-import-2", "record": "browser-import", "command": "cancel", "body": {"on": "not a date"}, "editor": "sato"}
            """;
        await page.GetByLabel("NDJSON file (one command per line)").SetInputFilesAsync(new FilePayload { Name = "two-lines.ndjson", MimeType = "application/x-ndjson", Buffer = Encoding.UTF8.GetBytes(file) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        await page.WaitForSelectorAsync("#import-status [data-state=done], #import-status [data-state=failed]", new() { Timeout = 90_000 });
        var refused = page.Locator("table.import-errors tbody tr");
        Assert.Equal(1, await refused.CountAsync());
        Assert.Equal("2", await refused.Locator("td").First.InnerTextAsync());
        Assert.Contains("1 imported", await page.Locator("#import-status").InnerTextAsync());
        await ViewerHost.Screenshot(page, "admin-import");
    }
}
