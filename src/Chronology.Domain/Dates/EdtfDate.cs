// TEMPORARY STUB, replaced by the edtf branch.
using System.Text.Json;
using System.Text.Json.Serialization;
namespace Chronology.Domain.Dates;

[JsonConverter(typeof(InstantJsonConverter))]
public readonly record struct Instant(long SecondsSinceUnixEpoch) : IComparable<Instant>
{
    public static readonly Instant MinValue = new(long.MinValue);
    public static readonly Instant MaxValue = new(long.MaxValue);
    public int CompareTo(Instant other) => SecondsSinceUnixEpoch.CompareTo(other.SecondsSinceUnixEpoch);
    public static bool operator <(Instant a, Instant b) => a.CompareTo(b) < 0;
    public static bool operator >(Instant a, Instant b) => a.CompareTo(b) > 0;
    public static bool operator <=(Instant a, Instant b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Instant a, Instant b) => a.CompareTo(b) >= 0;
    public static Instant FromDateTimeOffset(DateTimeOffset d) => new(d.ToUnixTimeSeconds());
    public override string ToString() => DateTimeOffset.FromUnixTimeSeconds(SecondsSinceUnixEpoch).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
    public static Instant Parse(string s) => FromDateTimeOffset(DateTimeOffset.Parse(s));
}
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type t, JsonSerializerOptions o) => Instant.Parse(reader.GetString()!);
    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions o) => writer.WriteStringValue(value.ToString());
}
public enum EdtfPrecision { Year, Month, Day, DateTime }

[JsonConverter(typeof(EdtfDateJsonConverter))]
public sealed class EdtfDate : IComparable<EdtfDate>, IEquatable<EdtfDate>
{
    private readonly string text;
    private EdtfDate(string text, Instant earliest, Instant latest) { this.text = text; Earliest = earliest; Latest = latest; }
    public Instant Earliest { get; }
    public Instant Latest { get; }
    public bool IsInterval => text.Contains('/');
    public static bool TryParse(string? text, out EdtfDate? date, out string? error)
    {
        date = null; error = null;
        if (text is null) { error = "empty"; return false; }
        var parts = text.Split('/');
        if (parts.Length > 2) { error = "not EDTF"; return false; }
        var bounds = new List<(Instant, Instant)>();
        foreach (var p in parts)
        {
            if (!TryBounds(p, out var b)) { error = $"not an EDTF date: {p}"; return false; }
            bounds.Add(b);
        }
        if (bounds[^1].Item2 < bounds[0].Item1) { error = "the interval ends before it starts"; return false; }
        date = new EdtfDate(text, bounds[0].Item1, bounds[^1].Item2);
        return true;
    }
    private static bool TryBounds(string p, out (Instant, Instant) b)
    {
        b = default;
        string[] formats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];
        for (var i = 0; i < formats.Length; i++)
            if (DateTime.TryParseExact(p, formats[i], null, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var d))
            {
                var end = (i switch { 0 => d.AddYears(1), 1 => d.AddMonths(1), _ => d.AddDays(1) }).AddSeconds(-1);
                b = (Instant.FromDateTimeOffset(new DateTimeOffset(d, TimeSpan.Zero)), Instant.FromDateTimeOffset(new DateTimeOffset(end, TimeSpan.Zero)));
                return true;
            }
        if (p.Contains('T') && DateTimeOffset.TryParse(p, null, System.Globalization.DateTimeStyles.AssumeUniversal, out var dto))
        { b = (Instant.FromDateTimeOffset(dto), Instant.FromDateTimeOffset(dto)); return true; }
        return false;
    }
    public static EdtfDate Parse(string text) => TryParse(text, out var d, out var e) ? d! : throw new FormatException(e);
    public override string ToString() => text;
    public int CompareTo(EdtfDate? other) { if (other is null) return 1; var c = (Earliest, Latest).CompareTo((other.Earliest, other.Latest)); return c != 0 ? c : string.CompareOrdinal(text, other.text); }
    public bool Equals(EdtfDate? other) => other is not null && other.text == text;
    public override bool Equals(object? obj) => Equals(obj as EdtfDate);
    public override int GetHashCode() => text.GetHashCode();
    public bool Overlaps(Instant from, Instant to) => Earliest <= to && Latest >= from;
}
public sealed class EdtfDateJsonConverter : JsonConverter<EdtfDate>
{
    public override EdtfDate Read(ref Utf8JsonReader reader, Type t, JsonSerializerOptions o) =>
        EdtfDate.TryParse(reader.GetString(), out var d, out var e) ? d! : throw new JsonException(e);
    public override void Write(Utf8JsonWriter writer, EdtfDate value, JsonSerializerOptions o) => writer.WriteStringValue(value.ToString());
}
