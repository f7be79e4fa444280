using System.Globalization;

namespace Chronology.Domain.Dates;

/// <summary>A day on the proleptic Gregorian calendar; the year may be 0 or negative (astronomical numbering).</summary>
public readonly record struct CalendarDate(long Year, int Month, int Day)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ProlepticGregorian.FormatYear(Year)}-{Month:D2}-{Day:D2}");
}
