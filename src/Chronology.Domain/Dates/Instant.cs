using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chronology.Domain.Dates;

/// <summary>
/// A moment in UTC to the second, on the proleptic Gregorian calendar with astronomical year
/// numbering, from year -999,999,999 to year 999,999,999 — far wider than <see cref="DateTime"/>,
/// which stops at years 1 and 9999 and so cannot hold 401 BC or EDTF's Y-prefixed years.
/// </summary>
[JsonConverter(typeof(InstantJsonConverter))]
public readonly record struct Instant : IComparable<Instant>
{
    public const long MinYear = -999_999_999;
    public const long MaxYear = 999_999_999;

    public static readonly Instant MinValue = FromUtc(MinYear, 1, 1);
    public static readonly Instant MaxValue = FromUtc(MaxYear, 12, 31, 23, 59, 59);

    public Instant(long secondsSinceUnixEpoch)
    {
        // Checked against the bounds' raw seconds: MinValue and MaxValue are built through here.
        if (secondsSinceUnixEpoch < MinSeconds || secondsSinceUnixEpoch > MaxSeconds)
        {
            throw new ArgumentOutOfRangeException(
                nameof(secondsSinceUnixEpoch), secondsSinceUnixEpoch, $"An instant must lie in the years {MinYear} to {MaxYear}.");
        }

        SecondsSinceUnixEpoch = secondsSinceUnixEpoch;
    }

    private static long MinSeconds => ProlepticGregorian.DaysSinceUnixEpoch(MinYear, 1, 1) * ProlepticGregorian.SecondsPerDay;

    private static long MaxSeconds => (ProlepticGregorian.DaysSinceUnixEpoch(MaxYear, 12, 31) + 1) * ProlepticGregorian.SecondsPerDay - 1;

    public long SecondsSinceUnixEpoch { get; }

    public static Instant FromUtc(long year, int month, int day, int hour = 0, int minute = 0, int second = 0)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The year must lie in {MinYear} to {MaxYear}.");
        }

        if (month is < 1 or > 12 || day < 1 || day > ProlepticGregorian.DaysInMonth(year, month))
        {
            throw new ArgumentOutOfRangeException(nameof(day), $"{ProlepticGregorian.FormatYear(year)}-{month:D2}-{day:D2} is not a calendar date.");
        }

        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            throw new ArgumentOutOfRangeException(nameof(hour), $"{hour:D2}:{minute:D2}:{second:D2} is not a time of day.");
        }

        var days = ProlepticGregorian.DaysSinceUnixEpoch(year, month, day);
        return new Instant(days * ProlepticGregorian.SecondsPerDay + hour * 3600 + minute * 60 + second);
    }

    public static Instant FromDateTimeOffset(DateTimeOffset value) => new(value.ToUnixTimeSeconds());

    public bool TryToDateTimeOffset(out DateTimeOffset value)
    {
        if (SecondsSinceUnixEpoch < DateTimeOffset.MinValue.ToUnixTimeSeconds()
            || SecondsSinceUnixEpoch > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            value = default;
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(SecondsSinceUnixEpoch);
        return true;
    }

    public Instant AddSeconds(long seconds) => new(SecondsSinceUnixEpoch + seconds);

    public int CompareTo(Instant other) => SecondsSinceUnixEpoch.CompareTo(other.SecondsSinceUnixEpoch);

    public static bool operator <(Instant left, Instant right) => left.CompareTo(right) < 0;

    public static bool operator >(Instant left, Instant right) => left.CompareTo(right) > 0;

    public static bool operator <=(Instant left, Instant right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Instant left, Instant right) => left.CompareTo(right) >= 0;

    /// <summary>Fixed-width ISO 8601 in UTC, e.g. <c>2018-05-24T00:00:00Z</c> or <c>-0400-01-01T00:00:00Z</c>.</summary>
    public override string ToString()
    {
        var days = ProlepticGregorian.FloorDivide(SecondsSinceUnixEpoch, ProlepticGregorian.SecondsPerDay);
        var secondOfDay = SecondsSinceUnixEpoch - days * ProlepticGregorian.SecondsPerDay;
        var (year, month, day) = ProlepticGregorian.DateFromDaysSinceUnixEpoch(days);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ProlepticGregorian.FormatYear(year)}-{month:D2}-{day:D2}T{secondOfDay / 3600:D2}:{secondOfDay / 60 % 60:D2}:{secondOfDay % 60:D2}Z");
    }

    public static Instant Parse(string text) =>
        TryParse(text, out var instant) ? instant : throw new FormatException($"\"{text}\" is not a UTC instant like 2018-05-24T00:00:00Z.");

    /// <summary>Reads exactly the form <see cref="ToString"/> writes.</summary>
    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (text is null)
        {
            return false;
        }

        var dateTimeSeparator = text.IndexOf('T');
        var yearEnd = dateTimeSeparator - 6;
        if (yearEnd < 4
            || !long.TryParse(text.AsSpan(0, yearEnd), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var year)
            || year is < MinYear or > MaxYear
            || !TryReadTwoDigits(text, yearEnd + 1, out var month)
            || !TryReadTwoDigits(text, yearEnd + 4, out var day)
            || !TryReadTwoDigits(text, dateTimeSeparator + 1, out var hour)
            || !TryReadTwoDigits(text, dateTimeSeparator + 4, out var minute)
            || !TryReadTwoDigits(text, dateTimeSeparator + 7, out var second)
            || month is < 1 or > 12 || day < 1 || day > ProlepticGregorian.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var candidate = FromUtc(year, month, day, hour, minute, second);
        // Separators, sign and width are checked by writing the value back.
        if (candidate.ToString() != text)
        {
            return false;
        }

        instant = candidate;
        return true;
    }

    private static bool TryReadTwoDigits(string text, int start, out int value)
    {
        value = 0;
        if (start < 0 || start + 2 > text.Length || !char.IsAsciiDigit(text[start]) || !char.IsAsciiDigit(text[start + 1]))
        {
            return false;
        }

        value = (text[start] - '0') * 10 + (text[start + 1] - '0');
        return true;
    }
}

/// <summary>Writes an <see cref="Instant"/> as its fixed-width ISO string.</summary>
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An instant must be a JSON string like \"2018-05-24T00:00:00Z\".");
        }

        var text = reader.GetString();
        return Instant.TryParse(text, out var instant)
            ? instant
            : throw new JsonException($"\"{text}\" is not a UTC instant like 2018-05-24T00:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
