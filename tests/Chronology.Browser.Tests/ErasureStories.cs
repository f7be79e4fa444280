using Chronology.Faults.Tests;
using Microsoft.Playwright;

namespace Chronology.Browser.Tests;

/// <summary>A person erased on request: the record page says "erased" where their name, role and quoted words were.</summary>
[Collection(ViewerCollection.Name)]
public sealed class ErasureStories(ViewerHost host)
{
    [Fact]
    public async Task A_record_page_marks_an_erased_participant_and_quote_as_erased()
    {
        const string Name = "Erasable Interpreter";
        var id = host.Record("Sports talks");
        await host.Send(HttpMethod.Post, $"/records/{id}/participants", new { name = new { en = Name }, role = "Interpreter of the delegation", side = "KR" });
        await host.Send(HttpMethod.Post, $"/records/{id}/sources",
            new { url = "https://example.org/talks", title = "Talks report", quote = $"{Name} said the teams would meet again." });

        var erasure = await host.Send(HttpMethod.Post, "/admin/erasures",
            new { subject = Name, fields = new[] { "participant.name", "participant.role", "source.quote" }, reason = "the interpreter asked to be erased" },
            ChronologyProcess.AdminKey);
        Assert.Equal(3, erasure.GetProperty("values").GetArrayLength());
        // Edited just before, so the worker's views may still have been folding the values: they were checked again.
        Assert.True(erasure.GetProperty("viewsChecked").GetBoolean());

        var page = await host.Open($"/records/{id}");
        await ViewerHost.Until(async () =>
        {
            await ViewerHost.Goto(page, $"/records/{id}");
            return await page.Locator(".erased").CountAsync() == 3;
        }, "the page to show the three erased values");
        await ViewerHost.Screenshot(page, "record-erased");
        Assert.DoesNotContain(Name, await page.Locator("main").InnerTextAsync());
        Assert.Equal(["erased", "erased"], await page.Locator("tr", new() { Has = page.Locator(".erased") }).Locator(".erased").AllInnerTextsAsync());
        Assert.Equal("erased", await page.Locator("blockquote .erased").InnerTextAsync());
        Assert.Contains("Erased on request", await page.Locator(".erased").First.GetAttributeAsync("title"));
        // The placeholder's language ("und", undetermined) is not offered as a language of the record.
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "und", Exact = true }).CountAsync());
    }
}
