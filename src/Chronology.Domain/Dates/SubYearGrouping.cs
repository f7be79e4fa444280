namespace Chronology.Domain.Dates;

/// <summary>
/// The EDTF codes 21–41 that stand in the month position for a part of a year.
/// Seasons are meteorological (spring = March to May, and so on); winter runs from December
/// into the next year, as in the reference implementation whose bounds the conformance cases state.
/// </summary>
internal static class SubYearGrouping
{
    public const int FirstCode = 21;
    public const int LastCode = 41;
    public const int LastLevel1Code = 24;

    /// <summary>The first month of the grouping and how many months it spans.</summary>
    public static (int FirstMonth, int MonthCount) Months(int code) => code switch
    {
        21 or 25 or 31 => (3, 3), // spring; 31 is autumn in the southern hemisphere
        22 or 26 or 32 => (6, 3), // summer; 32 is winter in the southern hemisphere
        23 or 27 or 29 => (9, 3), // autumn; 29 is spring in the southern hemisphere
        24 or 28 or 30 => (12, 3), // winter; 30 is summer in the southern hemisphere
        >= 33 and <= 36 => (1 + (code - 33) * 3, 3), // quarters
        >= 37 and <= 39 => (1 + (code - 37) * 4, 4), // quadrimesters
        40 or 41 => (1 + (code - 40) * 6, 6), // semesters
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not an EDTF sub-year grouping."),
    };
}
