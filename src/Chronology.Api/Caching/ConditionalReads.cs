using Chronology.Api.Auth;
using Chronology.Api.Problems;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Caching;

/// <summary>
/// The caching headers of reads and their conditional requests (RFC 9110 §13, RFC 9111). A read calls this once it knows
/// its representation's tag and before it writes a body: the validators and Cache-Control go on the answer (a 304 must
/// carry them too), and a client whose copy is current gets 304 Not Modified with no body.
/// </summary>
public sealed class ConditionalReads(IOptions<AuthOptions> auth)
{
    /// <summary>
    /// How long a fixed revision may be reused without asking. Long, yet bounded: an erasure rewrites past revisions, and
    /// a day is the longest a cache may go on showing what was erased.
    /// </summary>
    public static readonly TimeSpan FixedLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// A read of the current state: caches may store it but must revalidate it (<c>no-cache</c>) before each reuse, which
    /// costs a 304 when nothing changed. The tag is the only validator: edits can land within one second of each other
    /// (and the view may show the earlier one for a while), so a modification date to the second could call a stale copy current.
    /// </summary>
    public IResult? Current(HttpContext http, RepresentationTag tag) => Answer(http, tag, lastModified: null, new CacheControlHeaderValue
    {
        NoCache = true,
        Public = !auth.Value.RequireAuthForReads,
        Private = auth.Value.RequireAuthForReads,
    });

    /// <summary>
    /// A read of something that can no longer change (a revision, a diff between two revisions): reused without asking
    /// (<c>immutable</c>) for <see cref="FixedLifetime"/>; <c>public</c> when anyone may read, <c>private</c> when reads need a key.
    /// </summary>
    public IResult? Fixed(HttpContext http, RepresentationTag tag, DateTimeOffset lastModified)
    {
        var control = new CacheControlHeaderValue
        {
            MaxAge = FixedLifetime,
            Public = !auth.Value.RequireAuthForReads,
            Private = auth.Value.RequireAuthForReads,
        };
        control.Extensions.Add(new NameValueHeaderValue("immutable"));
        return Answer(http, tag, lastModified, control);
    }

    private static IResult? Answer(HttpContext http, RepresentationTag tag, DateTimeOffset? lastModified, CacheControlHeaderValue control)
    {
        var sent = http.Request.Headers.IfNoneMatch;
        IList<EntityTagHeaderValue>? ifNoneMatch = null;
        if (sent.Count > 0 && !EntityTagHeaderValue.TryParseStrictList(sent, out ifNoneMatch))
            return ProblemAnswers.InvalidInput(
                $"If-None-Match must be * or a list of entity tags, as \"7\" or W/\"7\"; got {sent}.", code: "request.if-none-match");

        var headers = http.Response.GetTypedHeaders();
        headers.ETag = tag.Header;
        headers.CacheControl = control;
        if (lastModified is not null) headers.LastModified = lastModified;
        return NotModified(http.Request.GetTypedHeaders(), ifNoneMatch, tag.Header, lastModified)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : null;
    }

    /// <summary>
    /// RFC 9110 §13.2.2: If-None-Match, when sent, decides alone, by weak comparison (W/"7" matches "7"), and * matches
    /// any representation; otherwise If-Modified-Since (a date that is not an HTTP-date is ignored, as §13.1.3 requires).
    /// </summary>
    private static bool NotModified(RequestHeaders request, IList<EntityTagHeaderValue>? ifNoneMatch, EntityTagHeaderValue current, DateTimeOffset? lastModified)
    {
        if (ifNoneMatch is not null)
            return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
        return lastModified is { } modified && request.IfModifiedSince is { } since && WholeSeconds(modified) <= since;
    }

    /// <summary>HTTP dates have no fraction of a second: the answer said this instant's second.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) => instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerSecond));
}
