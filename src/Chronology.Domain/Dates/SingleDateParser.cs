using System.Globalization;

namespace Chronology.Domain.Dates;

/// <summary>
/// Reads one EDTF date from left to right: a year, then optionally a month (or season) and a day,
/// then optionally a time. A qualifier (? ~ %) may stand before or after each part.
/// </summary>
internal sealed class SingleDateParser
{
    private const string Expected = "expected YYYY, YYYY-MM or YYYY-MM-DD";
    private static readonly TimeSpan LargestOffset = TimeSpan.FromHours(14);

    private readonly string _text;
    private int _position;
    private bool _uncertain;
    private bool _approximate;

    private SingleDateParser(string text) => _text = text;

    public static EdtfDate Parse(string text) => new SingleDateParser(text).ReadDate();

    private bool Qualified => _uncertain || _approximate;

    private EdtfDate ReadDate()
    {
        ReadQualifier();
        var (years, yearStandsAlone) = ReadYear();
        ReadQualifier();
        if (!TryRead('-'))
        {
            ExpectEnd();
            return Date(EdtfPrecision.Year, years.HasUnspecifiedDigits, Instant.FromUtc(years.First, 1, 1), EndOfDay(years.Last, 12, 31));
        }

        if (yearStandsAlone)
        {
            throw Fail($"\"{_text}\": a year written with Y or S stands alone and cannot have a month");
        }

        ReadQualifier();
        var month = ReadTwoDigits("month", "2018-05");
        ReadQualifier();
        if (!month.HasUnspecifiedDigits && month.Smallest is >= SubYearGrouping.FirstCode and <= SubYearGrouping.LastCode)
        {
            if (TryRead('-'))
            {
                throw Fail($"\"{_text}\": a season ({month}) cannot have a day");
            }

            ExpectEnd();
            return SeasonDate(years, (int)month.Smallest);
        }

        if (!Enumerable.Range(1, 12).Any(m => month.Matches(m)))
        {
            throw Fail($"month {month} does not exist");
        }

        var hasDay = TryRead('-');
        var day = hasDay ? ReadDay() : DigitPattern.AnyTwoDigits;
        var first = FindDay(years.Ascending(), month, day, ascending: true) ?? throw NoSuchDay(years, month, day);
        var last = FindDay(years.Descending(), month, day, ascending: false)!.Value;
        var unspecified = years.HasUnspecifiedDigits || month.HasUnspecifiedDigits || day.HasUnspecifiedDigits;
        if (TryRead('T'))
        {
            if (!hasDay || unspecified)
            {
                throw Fail($"\"{_text}\": a time needs a complete date, as in 2018-05-26T15:00:00");
            }

            if (Qualified)
            {
                throw Fail($"\"{_text}\": a qualifier (? ~ %) applies to a date, not to a date-time");
            }

            return ReadTime(first);
        }

        ExpectEnd();
        return Date(
            hasDay ? EdtfPrecision.Day : EdtfPrecision.Month,
            unspecified,
            Instant.FromUtc(first.Year, first.Month, first.Day),
            EndOfDay(last.Year, last.Month, last.Day),
            hasDay && !unspecified ? first : null);
    }

    private DigitPattern ReadDay()
    {
        ReadQualifier();
        var day = ReadTwoDigits("day", "2018-05-06");
        ReadQualifier();
        return Enumerable.Range(1, 31).Any(d => day.Matches(d)) ? day : throw Fail($"day {day} does not exist");
    }

    private (YearSpan Years, bool StandsAlone) ReadYear()
    {
        if (TryRead('Y'))
        {
            return (ReadLetterPrefixedYear(), true);
        }

        var negative = TryRead('-');
        var digits = ReadWhile(IsDigitOrX);
        if (digits.Length == 0)
        {
            throw NotADate();
        }

        if (digits.Length < 4)
        {
            throw Fail($"\"{_text}\": the year must have four digits, as in 0018 or 2018");
        }

        if (digits.Length > 4)
        {
            throw Fail($"\"{_text}\": a year of more than four digits is written with a Y, as in Y12000");
        }

        var pattern = new DigitPattern(digits);
        if (negative && pattern.Largest == 0)
        {
            throw Fail("year -0000 does not exist: year zero is written 0000");
        }

        if (!TryRead('S'))
        {
            return (YearSpan.Fitting(pattern, negative), false);
        }

        if (pattern.HasUnspecifiedDigits)
        {
            throw Fail($"\"{_text}\": a year with unspecified digits (X) cannot also give significant digits (S)");
        }

        return (WithSignificantDigits(pattern.Smallest, negative), true);
    }

    // Level 1 writes years of more than four digits as "Y170000002"; Level 2 adds an exponent
    // ("Y17E7" is 170,000,000) and significant digits ("Y171010000S3" is 171,000,000 to 171,999,999).
    private YearSpan ReadLetterPrefixedYear()
    {
        var negative = TryRead('-');
        var digits = ReadWhile(char.IsAsciiDigit);
        if (digits.Length == 0)
        {
            throw Fail($"\"{_text}\": expected digits after Y, as in Y170000002");
        }

        var hasExponent = TryRead('E');
        if (!hasExponent && digits.Length <= 4)
        {
            var year = (negative ? "-" : "") + digits;
            throw Fail($"\"{_text}\": only years of more than four digits are written with a Y; write {year}");
        }

        var magnitude = ReadYearMagnitude(digits, hasExponent ? ReadCount("exponent") : 0);
        if (TryRead('S'))
        {
            return WithSignificantDigits(magnitude, negative);
        }

        return YearSpan.Exactly(negative ? -magnitude : magnitude);
    }

    private long ReadYearMagnitude(string digits, int exponent)
    {
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude) || magnitude > Instant.MaxYear)
        {
            throw OutOfRange();
        }

        for (var i = 0; i < exponent && magnitude != 0; i++)
        {
            magnitude *= 10;
            if (magnitude > Instant.MaxYear)
            {
                throw OutOfRange();
            }
        }

        return magnitude;
    }

    private YearSpan WithSignificantDigits(long magnitude, bool negative)
    {
        var significant = ReadCount("number of significant digits");
        var digitCount = magnitude.ToString(CultureInfo.InvariantCulture).Length;
        if (significant < 1 || significant > digitCount)
        {
            throw Fail($"\"{_text}\": a {digitCount}-digit year cannot have {significant} significant digits");
        }

        var run = (long)Math.Pow(10, digitCount - significant);
        var first = magnitude / run * run;
        var last = first + run - 1;
        return negative ? YearSpan.Between(-last, -first) : YearSpan.Between(first, last);
    }

    private int ReadCount(string what)
    {
        var digits = ReadWhile(char.IsAsciiDigit);
        if (digits.Length is 0 or > 2)
        {
            throw Fail($"\"{_text}\": expected the {what} as one or two digits");
        }

        return int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private DigitPattern ReadTwoDigits(string part, string example)
    {
        var digits = ReadWhile(IsDigitOrX);
        if (digits.Length == 0)
        {
            throw NotADate();
        }

        if (digits.Length != 2)
        {
            throw Fail($"\"{_text}\": the {part} must have two digits, as in {example}");
        }

        return new DigitPattern(digits);
    }

    private EdtfDate SeasonDate(YearSpan years, int code)
    {
        var (firstMonth, monthCount) = SubYearGrouping.Months(code);
        var lastMonth = firstMonth + monthCount - 1;
        var (lastYear, lastMonthOfYear) = lastMonth > 12 ? (years.Last + 1, lastMonth - 12) : (years.Last, lastMonth);
        return Date(
            EdtfPrecision.Season,
            years.HasUnspecifiedDigits,
            Instant.FromUtc(years.First, firstMonth, 1),
            EndOfDay(lastYear, lastMonthOfYear, ProlepticGregorian.DaysInMonth(lastYear, lastMonthOfYear)));
    }

    private static CalendarDate? FindDay(IEnumerable<long> years, DigitPattern month, DigitPattern day, bool ascending)
    {
        var months = ascending ? Enumerable.Range(1, 12) : Enumerable.Range(1, 12).Reverse();
        foreach (var year in years)
        {
            foreach (var m in months.Where(m => month.Matches(m)))
            {
                var days = Enumerable.Range(1, ProlepticGregorian.DaysInMonth(year, m));
                foreach (var d in ascending ? days : days.Reverse())
                {
                    if (day.Matches(d))
                    {
                        return new CalendarDate(year, m, d);
                    }
                }
            }
        }

        return null;
    }

    private FormatException NoSuchDay(YearSpan years, DigitPattern month, DigitPattern day)
    {
        if (month.HasUnspecifiedDigits)
        {
            return Fail($"\"{_text}\": no month that fits {month} has a day {day}");
        }

        var monthNumber = (int)month.Smallest;
        var monthName = ProlepticGregorian.MonthName(monthNumber);
        if (years.IsSingleYear)
        {
            var length = ProlepticGregorian.DaysInMonth(years.First, monthNumber);
            return Fail($"{_text}: {monthName} {ProlepticGregorian.FormatYear(years.First)} has {length} days");
        }

        return monthNumber == 2 && day.Smallest == 29
            ? Fail($"{_text}: no year that fits {years} is a leap year, so February has 28 days")
            : Fail($"{_text}: {monthName} has at most {ProlepticGregorian.DaysInMonth(2000, monthNumber)} days");
    }

    private EdtfDate ReadTime(CalendarDate date)
    {
        var hour = ReadTimeField("hour", 23);
        Expect(':');
        var minute = ReadTimeField("minute", 59);
        Expect(':');
        var second = ReadTimeField("second", 59);
        var offset = ReadOffset();
        ExpectEnd();

        var instant = Instant.FromUtc(date.Year, date.Month, date.Day, hour, minute, second)
            .AddSeconds(-(long)(offset ?? TimeSpan.Zero).TotalSeconds);
        DateTimeOffset? moment = date.Year is >= 1 and <= 9999 && instant.TryToDateTimeOffset(out var utc)
            ? utc.ToOffset(offset ?? TimeSpan.Zero)
            : null;
        return new EdtfDate(_text)
        {
            Precision = EdtfPrecision.DateTime,
            Earliest = instant,
            Latest = instant,
            CalendarDate = date,
            UtcOffset = offset,
            DateTimeOffset = moment,
        };
    }

    private int ReadTimeField(string part, int largest)
    {
        if (_position + 2 > _text.Length || !char.IsAsciiDigit(_text[_position]) || !char.IsAsciiDigit(_text[_position + 1]))
        {
            throw Fail($"\"{_text}\": expected the time as hh:mm:ss, as in 2018-05-26T15:00:00");
        }

        var digits = _text.Substring(_position, 2);
        _position += 2;
        var value = int.Parse(digits, CultureInfo.InvariantCulture);
        return value <= largest ? value : throw Fail($"{part} {digits} is out of range");
    }

    // "Z" is UTC; otherwise ±hh or ±hh:mm. No offset at all leaves a local time.
    private TimeSpan? ReadOffset()
    {
        if (TryRead('Z'))
        {
            return TimeSpan.Zero;
        }

        var start = _position;
        var sign = TryRead('+') ? 1 : TryRead('-') ? -1 : 0;
        if (sign == 0)
        {
            return null;
        }

        var hours = ReadWhile(char.IsAsciiDigit);
        var minutes = TryRead(':') ? ReadWhile(char.IsAsciiDigit) : "00";
        var written = _text[start.._position];
        if (hours.Length != 2 || minutes.Length != 2)
        {
            throw Fail($"\"{_text}\": expected the offset as Z, ±hh or ±hh:mm, not {written}");
        }

        var hourCount = int.Parse(hours, CultureInfo.InvariantCulture);
        var minuteCount = int.Parse(minutes, CultureInfo.InvariantCulture);
        var offset = new TimeSpan(hourCount, minuteCount, 0);
        return minuteCount < 60 && offset <= LargestOffset
            ? sign * offset
            : throw Fail($"offset {written} is out of range");
    }

    private EdtfDate Date(EdtfPrecision precision, bool unspecified, Instant earliest, Instant latest, CalendarDate? day = null) =>
        new(_text)
        {
            Precision = precision,
            HasUnspecifiedDigits = unspecified,
            Earliest = earliest,
            Latest = latest,
            CalendarDate = day,
            Uncertain = _uncertain,
            Approximate = _approximate,
        };

    private static Instant EndOfDay(long year, int month, int day) => Instant.FromUtc(year, month, day, 23, 59, 59);

    private void ReadQualifier()
    {
        if (_position >= _text.Length)
        {
            return;
        }

        switch (_text[_position])
        {
            case '?':
                _uncertain = true;
                break;
            case '~':
                _approximate = true;
                break;
            case '%':
                _uncertain = true;
                _approximate = true;
                break;
            default:
                return;
        }

        _position++;
    }

    private bool TryRead(char expected)
    {
        if (_position < _text.Length && _text[_position] == expected)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char expected)
    {
        if (!TryRead(expected))
        {
            throw Fail($"\"{_text}\": expected the time as hh:mm:ss, as in 2018-05-26T15:00:00");
        }
    }

    private string ReadWhile(Func<char, bool> accepts)
    {
        var start = _position;
        while (_position < _text.Length && accepts(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private void ExpectEnd()
    {
        if (_position == _text.Length)
        {
            return;
        }

        var rest = _text[_position..];
        if (rest[0] == ' ' && rest.Length > 1 && char.IsAsciiDigit(rest[1]))
        {
            throw Fail($"\"{_text}\": a time is joined to its date by T, with seconds, as in 2018-05-26T15:00:00");
        }

        throw Fail($"\"{_text}\" is not an EDTF date: unexpected \"{rest}\" after \"{_text[.._position]}\"; {Expected}");
    }

    private static bool IsDigitOrX(char c) => char.IsAsciiDigit(c) || c == 'X';

    private FormatException NotADate() => new($"\"{_text}\" is not an EDTF date: {Expected}");

    private FormatException OutOfRange() =>
        new($"\"{_text}\": the year lies beyond the supported range ({Instant.MinYear} to {Instant.MaxYear})");

    private static FormatException Fail(string message) => new(message);
}
