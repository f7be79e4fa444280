using System.Globalization;

namespace Chronology.Domain.Dates;

/// <summary>Digits as written, where X stands for a digit that is not specified (EDTF "201X", "2018-XX").</summary>
internal sealed record DigitPattern(string Digits)
{
    public static readonly DigitPattern AnyTwoDigits = new("XX");

    public bool HasUnspecifiedDigits => Digits.Contains('X');

    public long Smallest => long.Parse(Digits.Replace('X', '0'), CultureInfo.InvariantCulture);

    public long Largest => long.Parse(Digits.Replace('X', '9'), CultureInfo.InvariantCulture);

    public bool Matches(long value)
    {
        var written = value.ToString(CultureInfo.InvariantCulture).PadLeft(Digits.Length, '0');
        if (written.Length != Digits.Length)
        {
            return false;
        }

        for (var i = 0; i < Digits.Length; i++)
        {
            if (Digits[i] != 'X' && Digits[i] != written[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Digits;
}
