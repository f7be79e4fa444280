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
        // Not the request's abort token: an edit the client hung up on still finishes, so a retry with its
        // Idempotency-Key replays the answer it missed instead of finding a half-done commit.
        return Respond(http, await editor.Edit(request, CancellationToken.None));
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
        if (!http.Request.Headers.TryGetValue("If-Match", out var values)) return (null, null);
        var header = values.ToString().Trim();
        if (header == "*") return (null, null);
        // RFC 9110 §13.1.1: If-Match compares strongly, so a weak tag matches no revision: 412, not a silent match.
        if (ETags.IsWeak(header)) return (0, null);
        return ETags.TryParse(header, out var revision)
            ? (revision, null)
            : (null, Problems.Problems.InvalidInput($"If-Match must name one revision, as \"7\"; got {header}.", code: "request.if-match"));
    }

    private (IdempotencyClaim? Claim, IResult? Problem) Claim(HttpContext http, RequestBody body)
    {
        if (!http.Request.Headers.TryGetValue("Idempotency-Key", out var values)) return (null, null);
        var key = values.ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > KeyLimit || !key.All(c => c is >= ' ' and <= '~'))
            return (null, Problems.Problems.InvalidInput(
                $"Idempotency-Key must be 1 to {KeyLimit} printable ASCII characters, not blank.", code: "request.idempotency-key"));

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

    public static bool IsWeak(string header) => header.TrimStart().StartsWith("W/", StringComparison.Ordinal);

    /// <summary>A strong tag naming one revision, as <c>"7"</c>.</summary>
    public static bool TryParse(string header, out int revision)
    {
        revision = 0;
        var value = header.Trim();
        return value is ['"', .., '"'] && int.TryParse(value[1..^1], System.Globalization.NumberStyles.None, null, out revision) && revision > 0;
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
