using Alba;

namespace Chronology.Api.Tests.Viewer;

/// <summary>The same URL answers a browser with the viewer's page and every other client with the JSON, both with Vary: Accept.</summary>
public sealed class ViewerNegotiationTests(ApiFixture api) : ApiTest(api)
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    [Fact]
    public async Task A_browser_gets_the_page_at_a_records_own_URL_and_its_history_and_at_the_root()
    {
        var id = await Api.CreateRecord();
        foreach (var path in new[] { "/", $"/records/{id}", $"/records/{id}/history", $"/records/{id}/diff?from=1&to=1", $"/records/{id}/blame", "/admin" })
        {
            var page = await Api.Host.Scenario(request =>
            {
                request.Get.Url(path);
                request.WithRequestHeader("Accept", Browser);
                request.StatusCodeShouldBe(200);
                request.ContentTypeShouldBe("text/html; charset=utf-8");
                request.Header("Vary").ShouldHaveValues("Accept");
            });
            Assert.Contains("/viewer/app.js", await page.ReadAsTextAsync());
            Assert.Contains("default-src 'self'", page.Context.Response.Headers.ContentSecurityPolicy.ToString());
        }
    }

    [Fact]
    public async Task The_page_of_a_record_that_does_not_exist_answers_404_as_its_JSON_does()
    {
        var unknown = Guid.CreateVersion7();
        var page = await Api.Host.Scenario(request =>
        {
            request.Get.Url($"/records/{unknown}/history");
            request.WithRequestHeader("Accept", Browser);
            request.StatusCodeShouldBe(404);
            request.ContentTypeShouldBe("text/html; charset=utf-8");
        });
        Assert.Contains("/viewer/app.js", await page.ReadAsTextAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/html;q=0.5")]
    public async Task Every_other_client_keeps_the_JSON_at_the_same_URL(string? accept)
    {
        var id = await Api.CreateRecord();
        var record = await Api.Host.Scenario(request =>
        {
            request.Get.Url($"/records/{id}?minRevision=1");
            if (accept is not null) request.WithRequestHeader("Accept", accept);
            request.StatusCodeShouldBe(200);
            request.ContentTypeShouldBe("application/json; charset=utf-8");
            request.Header("Vary").ShouldHaveValues("Accept");
            request.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        Assert.Equal(id.ToString(), record.ReadAsJson<System.Text.Json.Nodes.JsonObject>()!["id"]!.GetValue<string>());

        await Api.Host.Scenario(request =>
        {
            request.Get.Url("/");
            if (accept is not null) request.WithRequestHeader("Accept", accept);
            request.StatusCodeShouldBe(404);
            request.ContentTypeShouldBe("application/problem+json");
            request.Header("Vary").ShouldHaveValues("Accept");
        });
    }

    [Fact]
    public async Task The_pages_modules_are_served_from_the_same_origin_and_stay_out_of_the_OpenAPI_document()
    {
        await Api.Host.Scenario(request =>
        {
            request.Get.Url("/viewer/app.js");
            request.StatusCodeShouldBe(200);
            request.ContentTypeShouldBe("text/javascript");
        });
        var document = await Api.Host.Scenario(request => request.Get.Url("/openapi/v1.json"));
        var paths = System.Text.Json.Nodes.JsonNode.Parse(await document.ReadAsTextAsync())!["paths"]!.AsObject();
        Assert.DoesNotContain("/admin", paths.Select(path => path.Key));
        Assert.DoesNotContain("/", paths.Select(path => path.Key));
        Assert.DoesNotContain(paths, path => path.Key.StartsWith("/viewer/", StringComparison.Ordinal));
    }

}
