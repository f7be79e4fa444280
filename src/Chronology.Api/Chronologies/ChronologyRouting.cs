using Chronology.Api.Problems;
using Chronology.Domain.Chronologies;

namespace Chronology.Api.Chronologies;

/// <summary>
/// Routes a request to its chronology by path: <c>/chronologies/{name}/records/…</c> is the whole API (records, history,
/// timeline, changes, log, admin, imports) in chronology <c>name</c>; every other path is the default chronology's, as
/// it always was. The prefix moves to the request's PathBase, so the endpoints are the same ones, and the request runs
/// in the chronology's <see cref="ChronologyScope"/>, from which every session it opens takes its Marten tenant (the
/// chronology's database). A Location the answer names (a new record, a queued job) gets the prefix back.
/// </summary>
public static class ChronologyRouting
{
    public const string Prefix = "/chronologies";

    public static IApplicationBuilder UseChronologyRouting(this IApplicationBuilder app)
    {
        var chronologies = app.ApplicationServices.GetRequiredService<ChronologyCatalogue>();
        return app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (!request.Path.StartsWithSegments(Prefix, out var rest) || rest.Value is not { Length: > 1 } named)
            {
                await next(http);
                return;
            }
            var end = named.IndexOf('/', 1);
            var name = end < 0 ? named[1..] : named[1..end];
            if (name.Contains(',') || name == "*")
            {
                await CrossChronology(name).ExecuteAsync(http);
                return;
            }
            if (!chronologies.Knows(name))
            {
                await ProblemAnswers.NotFound(
                    $"There is no chronology '{name}'. The chronologies are: {string.Join(", ", chronologies.Names)}.", "chronology.not-found").ExecuteAsync(http);
                return;
            }

            var (pathBase, path) = (request.PathBase, request.Path);
            // Kept apart from the request's PathBase, which is put back before a bodiless answer starts.
            var chronologyBase = pathBase.Add($"{Prefix}/{name}");
            request.PathBase = chronologyBase;
            request.Path = end < 0 ? "/" : named[end..];
            http.Response.OnStarting(() =>
            {
                if (http.Response.Headers.Location.ToString() is ['/', ..] location && !location.StartsWith(chronologyBase.Value!, StringComparison.Ordinal))
                    http.Response.Headers.Location = chronologyBase.Add(location).Value;
                return Task.CompletedTask;
            });
            try
            {
                using var scope = ChronologyScope.Enter(name);
                await next(http);
            }
            finally
            {
                (request.PathBase, request.Path) = (pathBase, path);
            }
        });
    }

    /// <summary>A path of this API as a client of the current chronology requests it, for a URL an answer's body names.</summary>
    public static string InCurrentChronology(string path) => ChronologyScope.IsDefault ? path : $"{Prefix}/{ChronologyScope.Name}{path}";

    /// <summary>
    /// Several chronologies in one request (<c>/chronologies/a,b/timeline</c>, <c>/chronologies/*/…</c>): refused, saying why.
    /// </summary>
    private static IResult CrossChronology(string names) => ProblemAnswers.Problem(
        StatusCodes.Status400BadRequest, "cross-chronology-unsupported", "Queries across chronologies are not supported.",
        $"'{names}' names more than one chronology. Each chronology is a database of its own, possibly on another PostgreSQL server, " +
        "and no query spans two of them: a timeline across chronologies would have to merge pages of every server by valid time " +
        "under one cursor, which this API does not do. Read each chronology's timeline (/chronologies/{name}/timeline) and merge the " +
        "entries by their dates.",
        "chronology.cross-query-unsupported");
}
