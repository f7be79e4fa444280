using System.Security.Cryptography;
using System.Text;
using Chronology.Api.Caching;
using Chronology.Api.Problems;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Editing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Records.Editing;

/// <summary>
/// Translates a bound command body into an edit and the edit's result back into HTTP: If-Match, Idempotency-Key, the
/// principal as editor. Decisions happen in the domain; this only translates.
/// </summary>
public sealed class HttpEdits(RecordEditor editor, IOptions<IdempotencyOptions> idempotency)
{
    private const int KeyLimit = 200;

    /// <summary>A new record, from the body of <c>create</c>: 201 with its id and Location.</summary>
    public async Task<CreateResponse> Create(HttpContext http, CreateRecordBody body) =>
        await Decide(http, Guid.CreateVersion7(), body) switch
        {
            ({ } accepted, _) => TypedResults.Created($"/records/{accepted.RecordId}", Answer(accepted)),
            (_, var problem) => problem!,
        };

    /// <summary>One command on a record, read from its body (<see cref="EditBodyBinding"/> bound and checked it).</summary>
    public async Task<EditResponse> Command(HttpContext http, Guid recordId, EditBody body) =>
        await Decide(http, recordId, body) switch
        {
            ({ } accepted, _) => TypedResults.Ok(Answer(accepted)),
            (_, var problem) => problem!,
        };

    /// <summary>Several commands decided together as one revision.</summary>
    public async Task<EditResponse> Batch(HttpContext http, Guid recordId, EditBatchBody body)
    {
        var (batch, error) = EditBatch.Read(body);
        if (error is not null) return ProblemAnswers.From(error);
        return await Submit(http, recordId, batch!.Commands, batch.Comment, batch.Correction) switch
        {
            ({ } accepted, _) => TypedResults.Ok(Answer(accepted)),
            (_, var problem) => problem!,
        };
    }

    private Task<(EditResult.Accepted?, JsonHttpResult<ProblemDetails>?)> Decide(HttpContext http, Guid recordId, EditBody body)
    {
        var (read, error) = CommandCatalogue.Command(body, Guid.CreateVersion7);
        return error is not null
            ? Task.FromResult<(EditResult.Accepted?, JsonHttpResult<ProblemDetails>?)>((null, ProblemAnswers.From(error)))
            : Submit(http, recordId, [read!.Command], read.Comment, read.Correction);
    }

    private async Task<(EditResult.Accepted?, JsonHttpResult<ProblemDetails>?)> Submit(
        HttpContext http, Guid recordId, IReadOnlyList<IRecordCommand> commands, string? comment, bool correction)
    {
        var (expected, ifMatchProblem) = ExpectedRevision(http);
        if (ifMatchProblem is not null) return (null, ifMatchProblem);
        var (claim, keyProblem) = Claim(http);
        if (keyProblem is not null) return (null, keyProblem);

        var editorName = http.User.Identity?.Name ?? "anonymous";
        var request = new EditRequest(
            recordId, commands, new EditNote(editorName, comment, correction, claim?.Key), expected, CorrelationId(http), claim);
        // Not the request's abort token: an edit the client hung up on still finishes, so a retry with its
        // Idempotency-Key replays the answer it missed instead of finding a half-done commit.
        return Respond(http, await editor.Edit(request, CancellationToken.None));
    }

    private static EditAnswer Answer(EditResult.Accepted accepted) => new(accepted.RecordId, accepted.Revision, accepted.ItemId);

    private static (EditResult.Accepted?, JsonHttpResult<ProblemDetails>?) Respond(HttpContext http, EditResult result)
    {
        switch (result)
        {
            case EditResult.Accepted accepted:
                http.Response.Headers.ETag = RepresentationTag.Of(accepted.Revision).ToString();
                return (accepted, null);
            case EditResult.Stale stale:
                http.Response.Headers.ETag = RepresentationTag.Of(stale.CurrentRevision).ToString();
                return (null, ProblemAnswers.Stale(stale.CurrentRevision));
            case EditResult.Refused refused:
                return (null, ProblemAnswers.From(refused.Error));
            case EditResult.KeyReused reused:
                return (null, ProblemAnswers.KeyReused(reused.Key));
            case EditResult.Contended contended:
                return (null, ProblemAnswers.Contended(contended.Attempts));
            default:
                throw new InvalidOperationException($"Unknown edit result {result}");
        }
    }

    private static (int? Expected, JsonHttpResult<ProblemDetails>? Problem) ExpectedRevision(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue("If-Match", out var values)) return (null, null);
        var header = values.ToString().Trim();
        if (header == "*") return (null, null);
        // RFC 9110 §13.1.1: If-Match compares strongly, so a weak tag matches no revision: 412, not a silent match.
        if (EntityTagHeaderValue.TryParse(header, out var tag) && tag.IsWeak) return (0, null);
        return tag is not null && RepresentationTag.TryReadRevision(tag, out var revision)
            ? (revision, null)
            : (null, ProblemAnswers.InvalidInput($"If-Match must name one revision, as \"7\"; got {header}.", code: "request.if-match"));
    }

    private (IdempotencyClaim? Claim, JsonHttpResult<ProblemDetails>? Problem) Claim(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue("Idempotency-Key", out var values)) return (null, null);
        var key = values.ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > KeyLimit || !key.All(c => c is >= ' ' and <= '~'))
            return (null, ProblemAnswers.InvalidInput(
                $"Idempotency-Key must be 1 to {KeyLimit} printable ASCII characters, not blank.", code: "request.idempotency-key"));

        var request = Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n{http.Request.Headers.IfMatch}\n");
        var hash = Convert.ToHexString(SHA256.HashData([.. request, .. RequestBody.Of(http).Bytes]));
        var scope = $"principal:{http.User.Identity?.Name}";
        return (new IdempotencyClaim(scope, key, hash, idempotency.Value.KeyLifetime), null);
    }

    private static string CorrelationId(HttpContext http)
    {
        var sent = http.Request.Headers["X-Correlation-Id"].ToString();
        return sent.Length is > 0 and <= 100 ? sent : System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }
}
