using Chronology.Domain.Records;
using Marten;
using Microsoft.Extensions.FileProviders;

namespace Chronology.Api.Viewer;

/// <summary>
/// Serves the viewer: one HTML document for every page URL (its script modules read the same JSON API every other
/// client reads, from the same origin) and the modules and styles under /viewer/. Pages are not endpoints, so they stay
/// out of the OpenAPI document and the JSON endpoints stay exactly as they are.
/// </summary>
public static class ViewerPages
{
    public const string AssetsPath = "/viewer";

    // Everything the pages need comes from this origin; the API key lives in sessionStorage, so no script from
    // elsewhere may ever run here.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public static IApplicationBuilder UseViewerPages(this IApplicationBuilder app)
    {
        var assets = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Viewer", "assets"));
        var shell = assets.GetFileInfo("page.html");
        app.Use(async (http, next) =>
        {
            // The same URL answers HTML or JSON by Accept, so caches must key on it, for both answers.
            if (PageRequests.IsPagePath(http.Request.Path)) http.Response.OnStarting(() =>
            {
                if (!http.Response.Headers.Vary.Contains("Accept")) http.Response.Headers.Append("Vary", "Accept");
                return Task.CompletedTask;
            });
            if (!PageRequests.WantsPage(http.Request))
            {
                await next(http);
                return;
            }
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.CacheControl = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            // The page of a record that does not exist says so in its status too, as the JSON at the same URL does.
            if (PageRequests.RecordId(http.Request.Path) is { } id && !await Exists(http, id)) http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.ContentLength = shell.Length;
            if (HttpMethods.IsGet(http.Request.Method)) await http.Response.SendFileAsync(shell, http.RequestAborted);
        });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = assets,
            RequestPath = AssetsPath,
            OnPrepareResponse = file =>
            {
                file.Context.Response.Headers.CacheControl = "no-cache";
                file.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
    }

    /// <summary>Whether a record exists: its write state is stored with its first revision (inline), whatever the views' lag.</summary>
    private static async Task<bool> Exists(HttpContext http, Guid id)
    {
        await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<Record>(id, http.RequestAborted) is not null;
    }
}
