namespace Chronology.Domain.Dates;

/// <summary>
/// The years an EDTF year can stand for: one year ("2018"), a run of years ("1950S2" is 1900–1999),
/// or the years that fit unspecified digits ("19X1" is 1901, 1911, … 1991).
/// </summary>
internal sealed class YearSpan
{
    private readonly DigitPattern? _pattern;
    private readonly bool _negative;

    private YearSpan(long first, long last, DigitPattern? pattern, bool negative)
    {
        First = first;
        Last = last;
        _pattern = pattern;
        _negative = negative;
    }

    public long First { get; }

    public long Last { get; }

    public bool IsSingleYear => First == Last;

    public bool HasUnspecifiedDigits => _pattern?.HasUnspecifiedDigits ?? false;

    public static YearSpan Exactly(long year) => new(year, year, null, negative: false);

    public static YearSpan Between(long first, long last) => new(first, last, null, negative: false);

    public static YearSpan Fitting(DigitPattern pattern, bool negative)
    {
        var candidates = negative
            ? new YearSpan(-pattern.Largest, -pattern.Smallest, pattern, negative: true)
            : new YearSpan(pattern.Smallest, pattern.Largest, pattern, negative: false);

        // "-XXXX" cannot stand for year -0000, so its last year is -0001; narrow to years that fit.
        return new YearSpan(candidates.Ascending().First(), candidates.Descending().First(), pattern, negative);
    }

    public IEnumerable<long> Ascending()
    {
        for (var year = First; year <= Last; year++)
        {
            if (Contains(year))
            {
                yield return year;
            }
        }
    }

    public IEnumerable<long> Descending()
    {
        for (var year = Last; year >= First; year--)
        {
            if (Contains(year))
            {
                yield return year;
            }
        }
    }

    public override string ToString() => (_pattern, IsSingleYear) switch
    {
        (not null, _) => (_negative ? "-" : "") + _pattern,
        (null, true) => ProlepticGregorian.FormatYear(First),
        (null, false) => $"{ProlepticGregorian.FormatYear(First)} to {ProlepticGregorian.FormatYear(Last)}",
    };

    private bool Contains(long year) =>
        _pattern is null || (year < 0 == _negative && _pattern.Matches(Math.Abs(year)));
}
