using System.ComponentModel;
using System.Text.Json;
using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain;
using Chronology.Domain.Erasing;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Erasing;

[Description("What an erasure erased: each value by the commitment that stays in the events and the signed log, and the item it was.")]
public sealed record ErasureAnswer(
    Guid ErasureId,
    string ErasedBy,
    string Reason,
    IReadOnlyList<string> Fields,
    [property: Description("The erased values; every view now shows \"[erased]\" where each was.")] IReadOnlyList<ErasedValue> Values,
    [property: Description("The records whose views changed.")] IReadOnlyList<Guid> Records,
    [property: Description("Whether the worker's views had passed the erasure and were checked again before this answer (false if they lagged more than 30 s: rebuild them to be sure).")] bool ViewsChecked);

[Tags("Admin")]
[Authorize(Policy = Policies.Administer)]
public static class ErasuresEndpoint
{
    [WolverinePost("/admin/erasures", OperationId = "eraseSubject")]
    [EndpointSummary("Erase a person's personal values")]
    [EndpointDescription(
        "Erases the stored values of the given fields (participant.name, participant.role, source.quote) for a subject: the names of " +
        "the participants called so (in any language, ignoring case), their roles, and the source quotes that contain it. Events and " +
        "the signed log keep their commitments untouched, so every tree head signed before still verifies; views, history and diffs " +
        "show \"[erased]\". Audited as an event of its own (who, why, which commitments; never the subject). Values stored by events " +
        "of the first versions (before commitments) are not found: they are part of signed entries. See docs/erasure.md.")]
    [ProducesResponseType<ErasureAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(HttpContext http, SubjectEraser eraser, Caching.RevalidationMemory revalidation)
    {
        var (body, bodyProblem) = await RequestBody.Read(http, RequestBody.JsonType);
        if (bodyProblem is not null) return bodyProblem;
        EraseSubject request;
        try
        {
            request = body!.Json.Deserialize<EraseSubject>(ChronologyJson.Options) ?? new EraseSubject(null, null, null);
        }
        catch (JsonException e)
        {
            return Problems.ProblemAnswers.From(CommandCatalogue.JsonError(e));
        }
        if (request.Validate() is { } invalid) return Problems.ProblemAnswers.From(invalid);

        var erased = await eraser.Erase(request, http.User.Identity?.Name ?? "unknown", http.RequestAborted);
        // The other APIs forget what they remember once their watch of the records view passes the erasure; this one at once.
        if (erased is not null) revalidation.ForgetAll();
        if (erased is not { Erasure: var erasure, Settled: var settled })
            return Problems.ProblemAnswers.NotFound(
                $"No stored {string.Join(" or ", request.Fields!)} value matches the subject (values of the first event versions cannot be erased).",
                "erasure.nothing-found");
        return TypedResults.Ok(new ErasureAnswer(
            erasure.ErasureId, erasure.ErasedBy, erasure.Reason, erasure.Fields, erasure.Values,
            [.. erasure.Values.Select(value => value.RecordId).Distinct()], settled));
    }
}
