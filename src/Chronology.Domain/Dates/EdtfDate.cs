using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Chronology.Domain.Dates;

/// <summary>
/// A date as historians write it, in the Extended Date/Time Format (ISO 8601-2, Levels 0 and 1 and
/// parts of Level 2): a year, month, day or moment, possibly uncertain (?), approximate (~) or both (%),
/// with unspecified digits (201X), a season (2001-21), an interval (1964/2008) with open (..) or
/// unknown (empty) ends, or a set ([1667,1668]). Every value spans the instants from
/// <see cref="Earliest"/> to <see cref="Latest"/>, which sorting and range queries use.
/// </summary>
[JsonConverter(typeof(EdtfDateJsonConverter))]
public sealed class EdtfDate : IEquatable<EdtfDate>, IComparable<EdtfDate>
{
    private readonly string _text;

    internal EdtfDate(string text) => _text = text;

    /// <summary>The first second the date can mean, in UTC; <see cref="Instant.MinValue"/> when the start is open or unknown.</summary>
    public Instant Earliest { get; internal init; }

    /// <summary>The last second the date can mean, in UTC; <see cref="Instant.MaxValue"/> when the end is open or unknown.</summary>
    public Instant Latest { get; internal init; }

    public EdtfPrecision Precision { get; internal init; }

    public bool IsInterval { get; internal init; }

    /// <summary>A Level 2 set: one of <c>[a,b]</c> or all of <c>{a,b}</c>.</summary>
    public bool IsSet { get; internal init; }

    /// <summary>The start is written "..": the interval reaches back without limit.</summary>
    public bool StartOpen { get; internal init; }

    /// <summary>The end is written "..": the interval goes on without limit, e.g. still in office.</summary>
    public bool EndOpen { get; internal init; }

    /// <summary>The start is left empty: there is one, but it is not known.</summary>
    public bool StartUnknown { get; internal init; }

    /// <summary>The end is left empty: there is one, but it is not known.</summary>
    public bool EndUnknown { get; internal init; }

    /// <summary>The date an interval starts on; null for a single date and for an open or unknown start.</summary>
    public EdtfDate? IntervalStart { get; internal init; }

    /// <summary>The date an interval ends on; null for a single date and for an open or unknown end.</summary>
    public EdtfDate? IntervalEnd { get; internal init; }

    /// <summary>Some part is marked uncertain, "?" (or "%", uncertain and approximate).</summary>
    public bool Uncertain { get; internal init; }

    /// <summary>Some part is marked approximate, "~" (or "%", uncertain and approximate).</summary>
    public bool Approximate { get; internal init; }

    public bool HasQualifier => Uncertain || Approximate;

    /// <summary>Some digits are written X, as in 201X or 2018-XX.</summary>
    public bool HasUnspecifiedDigits { get; internal init; }

    /// <summary>The day of a single date written to the day or to the second, with every digit given; otherwise null.</summary>
    public CalendarDate? CalendarDate { get; internal init; }

    /// <summary>
    /// For a single date-time, its offset from UTC when one was written ("Z" is zero);
    /// null for a date-time given without an offset (a local time) and for anything that is not a date-time.
    /// </summary>
    public TimeSpan? UtcOffset { get; internal init; }

    /// <summary>
    /// For a single date-time between the years 1 and 9999, the moment at its written offset
    /// (at UTC when none was written, as <see cref="Earliest"/> reads it); otherwise null.
    /// </summary>
    public DateTimeOffset? DateTimeOffset { get; internal init; }

    public static EdtfDate Parse(string text) => EdtfParser.Parse(text);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out EdtfDate? date, [NotNullWhen(false)] out string? error)
    {
        try
        {
            date = EdtfParser.Parse(text);
            error = null;
            return true;
        }
        catch (FormatException exception)
        {
            date = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>Whether any instant of this date lies in the range from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public bool Overlaps(Instant from, Instant to) => Earliest <= to && Latest >= from;

    /// <summary>The date as written; EDTF has a single spelling for each value, so nothing needs normalizing.</summary>
    public override string ToString() => _text;

    public bool Equals(EdtfDate? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as EdtfDate);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Orders by earliest instant, then latest, then the written form, so that 2018 comes before 2018-05.</summary>
    public int CompareTo(EdtfDate? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byEarliest = Earliest.CompareTo(other.Earliest);
        if (byEarliest != 0)
        {
            return byEarliest;
        }

        var byLatest = Latest.CompareTo(other.Latest);
        return byLatest != 0 ? byLatest : string.CompareOrdinal(_text, other._text);
    }

    public static bool operator ==(EdtfDate? left, EdtfDate? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(EdtfDate? left, EdtfDate? right) => !(left == right);
}
