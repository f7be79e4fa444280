using System.Globalization;
using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Domain.Diffs;
using Chronology.Domain.Erasing;
using Chronology.Domain.Views;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.History;

public sealed record DiffAnswer(int From, int To, IReadOnlyList<FieldChange> Changes, JsonArray Patch);

public static class DiffEndpoint
{
    [WolverineGet("/records/{id}/diff", OperationId = "diffRevisions")]
    [Authorize(Policy = Policies.Read)]
    [Tags("History")]
    [ProducesResponseType<DiffAnswer>(StatusCodes.Status200OK)]
    [Cacheable(FixedWhen = "`to` is given")]
    [EndpointSummary("What changed between two revisions (either order): field changes naming list items by id, and the RFC 6902 patch from `from` to `to` (`to` defaults to the current revision, `from` to `to - 1`). With `to` given the answer never changes and is cacheable for a day (immutable); without it, it revalidates (If-None-Match → 304).")]
    public static async Task<IResult> Get(Guid id, string? from, string? to, HttpContext http, ViewReader views, ConditionalReads caching)
    {
        var cancellation = http.RequestAborted;
        var errors = new Dictionary<string, string[]>();
        var toRevision = Revision("to", to, errors);
        var fromRevision = Revision("from", from, errors);
        if (errors.Count > 0) return Problems.ProblemAnswers.InvalidInput(string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors);

        var current = await views.Current(id, cancellation) ?? await views.Live(id, _ => true, cancellation);
        if (current is null) return Problems.ProblemAnswers.NotFound($"There is no record {id}.");
        var target = toRevision ?? current.Revision;
        var source = fromRevision ?? target - 1;

        var after = target == current.Revision ? current : await views.Past(id, target, null, cancellation);
        if (after is null) return Problems.ProblemAnswers.NotFound($"Record {id} has no revision {target}.", "revision.not-found");
        CurrentRecord? before = null;
        if (source >= 1 && (before = await views.Past(id, source, null, cancellation)) is null)
            return Problems.ProblemAnswers.NotFound($"Record {id} has no revision {source}.", "revision.not-found");

        // Two named revisions (`to`, and `from` or the one before it) never change, except by an erasure of a value either
        // shows; without `to`, the diff follows the record.
        var tag = RepresentationTag.Of(after.View, erasureGeneration: await views.ErasureGeneration(id, RecordErasures.ItemsOf(before?.State, after.State), cancellation));
        var conditional = toRevision is not null
            ? caching.Fixed(http, tag, before is not null && before.UpdatedAt > after.UpdatedAt ? before.UpdatedAt : after.UpdatedAt)
            : caching.Current(http, tag);
        if (conditional is not null) return conditional;

        var (changes, patch) = RevisionView.Diff(before?.View, after.View);
        return TypedResults.Ok(new DiffAnswer(source, target, changes, patch));
    }

    private static int? Revision(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        errors[name] = [$"'{text}' is not a revision number."];
        return null;
    }
}
