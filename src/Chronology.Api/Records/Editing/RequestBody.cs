using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Chronology.Api.Problems;
using Chronology.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chronology.Api.Records.Editing;

/// <summary>A request body read as raw bytes (limited in size) and parsed as strict UTF-8 JSON (<see cref="JsonText"/>).</summary>
public sealed record RequestBody(byte[] Bytes, JsonNode? Json)
{
    public const string JsonType = "application/json";
    public const string MergePatchType = "application/merge-patch+json";

    /// <summary>The body this request was read into; the idempotency hash is taken over its bytes.</summary>
    public static RequestBody Of(HttpContext http) =>
        http.Features.Get<RequestBody>() ?? throw new InvalidOperationException("The request body was not read.");

    public static async Task<(RequestBody? Body, JsonHttpResult<ProblemDetails>? Problem)> Read(HttpContext http, string mediaType, bool optional = false)
    {
        var request = http.Request;
        if (request.ContentLength > RequestLimits.BodyBytes) return (null, ProblemAnswers.TooLarge(RequestLimits.BodyBytes));

        var bytes = await ReadLimited(request.Body, http.RequestAborted);
        if (bytes is null) return (null, ProblemAnswers.TooLarge(RequestLimits.BodyBytes));
        if (bytes.Length == 0)
            return optional
                ? (Keep(http, new RequestBody(bytes, new JsonObject())), null)
                : (null, ProblemAnswers.InvalidInput("The request needs a JSON body.", code: "request.body-missing"));

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !string.Equals(contentType.MediaType, mediaType, StringComparison.OrdinalIgnoreCase))
            return (null, ProblemAnswers.UnsupportedMediaType(mediaType));

        var (json, error) = JsonText.Parse(bytes);
        return error is null ? (Keep(http, new RequestBody(bytes, json)), null) : (null, ProblemAnswers.From(error));
    }

    private static RequestBody Keep(HttpContext http, RequestBody body)
    {
        http.Features.Set(body);
        return body;
    }

    private static async Task<byte[]?> ReadLimited(Stream body, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > RequestLimits.BodyBytes) return null;
        }
        return buffer.ToArray();
    }
}
