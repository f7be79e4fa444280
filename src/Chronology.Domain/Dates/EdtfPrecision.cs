namespace Chronology.Domain.Dates;

/// <summary>The finest unit an EDTF date is written to (for an interval, its start, or its end when the start is open or unknown; for a set, its first member).</summary>
public enum EdtfPrecision
{
    Year,
    Season,
    Month,
    Day,
    DateTime,
}
