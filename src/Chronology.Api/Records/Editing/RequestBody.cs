using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Chronology.Api.Problems;
using Chronology.Domain;

namespace Chronology.Api.Records.Editing;

/// <summary>A request body read as raw bytes (limited in size) and parsed as strict UTF-8 JSON (<see cref="JsonText"/>).</summary>
public sealed record RequestBody(byte[] Bytes, JsonNode? Json)
{
    public const string JsonType = "application/json";
    public const string MergePatchType = "application/merge-patch+json";

    public static async Task<(RequestBody? Body, IResult? Problem)> Read(HttpContext http, string mediaType, bool optional = false)
    {
        var request = http.Request;
        if (request.ContentLength > RequestLimits.BodyBytes) return (null, Problems.Problems.TooLarge(RequestLimits.BodyBytes));

        var bytes = await ReadLimited(request.Body, http.RequestAborted);
        if (bytes is null) return (null, Problems.Problems.TooLarge(RequestLimits.BodyBytes));
        if (bytes.Length == 0)
            return optional
                ? (new RequestBody(bytes, new JsonObject()), null)
                : (null, Problems.Problems.InvalidInput("The request needs a JSON body.", code: "request.body-missing"));

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !string.Equals(contentType.MediaType, mediaType, StringComparison.OrdinalIgnoreCase))
            return (null, Problems.Problems.UnsupportedMediaType(mediaType));

        var (json, error) = JsonText.Parse(bytes);
        return error is null ? (new RequestBody(bytes, json), null) : (null, Problems.Problems.From(error));
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
