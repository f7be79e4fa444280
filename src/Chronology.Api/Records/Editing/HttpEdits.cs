using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Microsoft.Extensions.Options;

namespace Chronology.Api.Records.Editing;

public sealed class IdempotencyOptions
{
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Translates an HTTP command into an edit and the edit's result back into HTTP: body, If-Match,
/// Idempotency-Key, the principal as editor. Decisions happen in the domain; this only translates.
/// </summary>
public sealed class HttpEdits(RecordEditor editor, IOptions<IdempotencyOptions> idempotency)
{
    private const int KeyLimit = 200;

    /// <summary>One named command on a record; <paramref name="routeFields"/> adds route values (an item id) to the body.</summary>
    public async Task<IResult> Command(
        HttpContext http, Guid recordId, string command, string mediaType = RequestBody.JsonType, bool bodyOptional = false,
        JsonObject? routeFields = null)
    {
        var (body, problem) = await RequestBody.Read(http, mediaType, bodyOptional);
        if (problem is not null) return problem;
        if (routeFields is not null && body!.Json is JsonObject fields)
            foreach (var (name, value) in routeFields) fields[name] = value?.DeepClone();

        var (read, error) = CommandReader.Read(command, body!.Json, Guid.CreateVersion7);
        if (error is not null) return Problems.Problems.From(error);
        return await Submit(http, recordId, [read!.Command], read.Comment, read.Correction, body);
    }

    /// <summary>Several commands decided together as one revision.</summary>
    public async Task<IResult> Batch(HttpContext http, Guid recordId)
    {
        var (body, problem) = await RequestBody.Read(http, RequestBody.JsonType);
        if (problem is not null) return problem;
        var (batch, error) = EditBatch.Read(body!.Json);
        if (error is not null) return Problems.Problems.From(error);
        return await Submit(http, recordId, batch!.Commands, batch.Comment, batch.Correction, body);
    }

    private async Task<IResult> Submit(
        HttpContext http, Guid recordId, IReadOnlyList<IRecordCommand> commands, string? comment, bool correction, RequestBody body)
    {
        var (expected, ifMatchProblem) = ExpectedRevision(http);
        if (ifMatchProblem is not null) return ifMatchProblem;
        var (claim, keyProblem) = Claim(http, body);
        if (keyProblem is not null) return keyProblem;

        var editorName = http.User.Identity?.Name ?? "anonymous";
        var request = new EditRequest(
            recordId, commands, new EditNote(editorName, comment, correction, claim?.Key), expected, CorrelationId(http), claim);
        return Respond(http, await editor.Edit(request, http.RequestAborted));
    }

    private static IResult Respond(HttpContext http, EditResult result)
    {
        switch (result)
        {
            case EditResult.Accepted accepted:
                http.Response.Headers.ETag = ETags.Of(accepted.Revision);
                var answer = new EditAnswer(accepted.RecordId, accepted.Revision, accepted.ItemId);
                return accepted.Created
                    ? Results.Json(answer, Chronology.Domain.ChronologyJson.Options, statusCode: StatusCodes.Status201Created)
                        .WithLocation($"/records/{accepted.RecordId}")
                    : Results.Json(answer, Chronology.Domain.ChronologyJson.Options);
            case EditResult.Stale stale:
                http.Response.Headers.ETag = ETags.Of(stale.CurrentRevision);
                return Problems.Problems.Stale(stale.CurrentRevision);
            case EditResult.Refused refused:
                return Problems.Problems.From(refused.Error);
            case EditResult.KeyReused reused:
                return Problems.Problems.KeyReused(reused.Key);
            case EditResult.Contended contended:
                return Problems.Problems.Contended(contended.Attempts);
            default:
                throw new InvalidOperationException($"Unknown edit result {result}");
        }
    }

    private static (int? Expected, IResult? Problem) ExpectedRevision(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header)) return (null, null);
        return ETags.TryParse(header, out var revision)
            ? (revision, null)
            : (null, Problems.Problems.InvalidInput($"If-Match must name one revision, as \"7\"; got {header}.", code: "request.if-match"));
    }

    private (IdempotencyClaim? Claim, IResult? Problem) Claim(HttpContext http, RequestBody body)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(key)) return (null, null);
        if (key.Length > KeyLimit || key.Any(char.IsControl))
            return (null, Problems.Problems.InvalidInput($"Idempotency-Key must be at most {KeyLimit} printable characters.", code: "request.idempotency-key"));

        var request = Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n{http.Request.Headers.IfMatch}\n");
        var hash = Convert.ToHexString(SHA256.HashData([.. request, .. body.Bytes]));
        var scope = $"principal:{http.User.Identity?.Name}";
        return (new IdempotencyClaim(scope, key, hash, idempotency.Value.KeyLifetime), null);
    }

    private static string CorrelationId(HttpContext http)
    {
        var sent = http.Request.Headers["X-Correlation-Id"].ToString();
        return sent.Length is > 0 and <= 100 ? sent : System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }

    private sealed record EditAnswer(Guid Id, int Revision, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Guid? ItemId);
}

public static class ETags
{
    public static string Of(int revision) => $"\"{revision}\"";

    public static bool TryParse(string header, out int revision)
    {
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return int.TryParse(value.Trim('"'), out revision) && revision > 0;
    }
}

internal static class ResultExtensions
{
    public static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.Location = location;
            return inner.ExecuteAsync(http);
        }
    }
}
