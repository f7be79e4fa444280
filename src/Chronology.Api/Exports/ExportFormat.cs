using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Exports;

/// <summary>The representations a record or the timeline can be written in.</summary>
public enum ExportFormat { Json, JsonLd, Calendar, Csv }

/// <summary>Reads the Accept header into one of the formats a resource offers.</summary>
public static class Negotiation
{
    private static readonly Dictionary<string, ExportFormat> ByMediaType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/json"] = ExportFormat.Json,
        ["*/*"] = ExportFormat.Json,
        ["application/ld+json"] = ExportFormat.JsonLd,
        ["text/calendar"] = ExportFormat.Calendar,
        ["text/csv"] = ExportFormat.Csv,
    };

    /// <summary>
    /// The offered format the client prefers most (by q-value, then by order), JSON when it names none of them:
    /// an unknown or missing Accept keeps the API's default rather than answering 406, so existing clients never break.
    /// </summary>
    public static ExportFormat Choose(HttpRequest request, params ExportFormat[] offered)
    {
        var accepted = request.GetTypedHeaders().Accept
            .Where(type => type.Quality is not 0)
            .OrderByDescending(type => type.Quality ?? 1);
        foreach (var type in accepted)
            if (ByMediaType.TryGetValue(type.MediaType.Value ?? "", out var format) && (format == ExportFormat.Json || offered.Contains(format)))
                return format;
        return ExportFormat.Json;
    }
}
