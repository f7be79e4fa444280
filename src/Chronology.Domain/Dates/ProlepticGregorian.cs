namespace Chronology.Domain.Dates;

/// <summary>
/// The Gregorian calendar extended backwards before 1582 and without bounds on the year,
/// with astronomical year numbering: year 0 is 1 BC and year -400 is 401 BC.
/// </summary>
internal static class ProlepticGregorian
{
    public const int SecondsPerDay = 86_400;

    private static readonly string[] MonthNames =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    public static bool IsLeapYear(long year) =>
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    public static string MonthName(int month) => MonthNames[month - 1];

    // Howard Hinnant's days_from_civil: counts in 400-year eras, whose length in days is fixed,
    // so it holds for any year without floating point or lookup tables.
    public static long DaysSinceUnixEpoch(long year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = FloorDivide(y, 400);
        var yearOfEra = y - era * 400;
        var dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    public static (long Year, int Month, int Day) DateFromDaysSinceUnixEpoch(long days)
    {
        var shifted = days + 719_468;
        var era = FloorDivide(shifted, 146_097);
        var dayOfEra = shifted - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var monthFromMarch = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        var month = (int)(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        var year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    /// <summary>Writes a year as ISO 8601 does: four digits, with a sign and more digits outside 0000..9999.</summary>
    public static string FormatYear(long year) => year switch
    {
        < 0 => "-" + (-year).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        > 9999 => "+" + year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static long FloorDivide(long dividend, long divisor)
    {
        var quotient = dividend / divisor;
        return dividend % divisor != 0 && (dividend < 0) != (divisor < 0) ? quotient - 1 : quotient;
    }
}
