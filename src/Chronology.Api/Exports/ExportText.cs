using LanguageText = System.Collections.Immutable.ImmutableSortedDictionary<string, string>;
using Chronology.Domain.Dates;
using Chronology.Domain.Views;

namespace Chronology.Api.Exports;

/// <summary>What formats with room for a single language or a plain ISO date pick from a record.</summary>
public static class ExportText
{
    /// <summary>The English text, else the first by language tag: formats like iCalendar and the CSV's title column hold one string.</summary>
    public static string? Preferred(LanguageText text) =>
        text.TryGetValue("en", out var english) ? english : text.Values.FirstOrDefault();

    /// <summary>
    /// The date as plain ISO 8601 when its EDTF spelling is one (EDTF Level 0 is an ISO 8601 profile); null for
    /// what ISO 8601-1 cannot say: qualifiers, unspecified digits, seasons, sets, intervals and Y-prefixed years.
    /// </summary>
    public static string? Iso(EdtfDate? date) =>
        date is { IsInterval: false, IsSet: false, HasQualifier: false, HasUnspecifiedDigits: false } &&
        date.Precision != EdtfPrecision.Season && !date.ToString().StartsWith('Y')
            ? date.ToString()
            : null;

    /// <summary>Where a meeting begins: the start itself, or the start of an interval (null when that is open or unknown).</summary>
    public static EdtfDate? Beginning(RecordView view) => view.Start is { IsInterval: true } interval ? interval.IntervalStart : view.Start;

    /// <summary>Where a meeting ends: the record's end, else the end of an interval start.</summary>
    public static EdtfDate? Ending(RecordView view) => view.End ?? view.Start?.IntervalEnd;
}

/// <summary>Absolute URLs of records, from the request that asked, so exported documents link back to the API.</summary>
public sealed record RecordUrls(string BaseUrl)
{
    public static RecordUrls Of(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}");

    public string Of(Guid recordId) => $"{BaseUrl}/records/{recordId}";
}
