using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Viewer;

/// <summary>
/// Which requests are for the pages people read: a GET of one of the viewer's URLs whose Accept header prefers HTML
/// (what a browser sends when a person opens the URL). Every other client keeps the JSON at the same URL.
/// </summary>
public static partial class PageRequests
{
    /// <summary>The timeline, a record (also as of a revision, an instant or a date), its history, diff and blame, the admin page.</summary>
    [GeneratedRegex(@"^/(records/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(/(history|diff|blame))?|admin)?/?$")]
    private static partial Regex PagePath();

    private static readonly string[] HtmlTypes = ["text/html", "application/xhtml+xml"];

    public static bool IsPagePath(PathString path) => path.Value is { } value && PagePath().IsMatch(value);

    /// <summary>The record a page is about, if it is one of a record's pages.</summary>
    public static Guid? RecordId(PathString path) =>
        path.StartsWithSegments("/records", out var rest) && rest.Value is { Length: >= 37 } value && Guid.TryParse(value.AsSpan(1, 36), out var id)
            ? id
            : null;

    public static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && IsPagePath(request.Path) && PrefersHtml(request);

    /// <summary>
    /// HTML only when the client names it and names no other concrete type it prefers more: a browser's
    /// "text/html,…,*/*;q=0.8" is a page, while "*/*", "application/json" or no Accept at all stay JSON.
    /// </summary>
    private static bool PrefersHtml(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().Accept
            .Where(type => type.Quality is not 0 && !type.MatchesAllTypes && !type.MatchesAllSubTypes)
            .OrderByDescending(type => type.Quality ?? 1)
            .FirstOrDefault();
        return preferred is not null && HtmlTypes.Contains(preferred.MediaType.Value, StringComparer.OrdinalIgnoreCase);
    }
}
