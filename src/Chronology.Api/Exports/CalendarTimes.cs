using Chronology.Domain.Dates;
using Chronology.Domain.Views;
using Ical.Net.DataTypes;

namespace Chronology.Api.Exports;

/// <summary>A record's start and end as iCalendar values, or why the record has none.</summary>
public sealed record CalendarTimes(CalDateTime Start, CalDateTime? End)
{
    public static (CalendarTimes? Times, string? Omitted) Of(RecordView view)
    {
        var start = ExportText.Beginning(view);
        if (start is null) return (null, view.Start is null ? "no start date" : $"the start of {view.Start} is open or unknown");
        if (start.Precision is EdtfPrecision.Year or EdtfPrecision.Season or EdtfPrecision.Month)
            return (null, $"known only to the {start.Precision.ToString().ToLowerInvariant()} ({start})");
        if (start.CalendarDate is not { Year: >= 1 and <= 9999 } || start.Precision == EdtfPrecision.DateTime && start.DateTimeOffset is null)
            return (null, $"{start} is not one calendar day between the years 1 and 9999");

        var end = ExportText.Ending(view);
        return start.Precision == EdtfPrecision.Day
            ? (AllDay(start, end), null)
            : (new CalendarTimes(Moment(start, view.TimeZone), end?.DateTimeOffset is not null ? Moment(end, view.TimeZone) : null), null);
    }

    /// <summary>VALUE=DATE; DTEND is exclusive, so a meeting on one day ends the next day.</summary>
    private static CalendarTimes AllDay(EdtfDate start, EdtfDate? end)
    {
        var first = Day(start.CalendarDate!.Value);
        var last = end?.CalendarDate is { Year: >= 1 and <= 9999 } endDay && Day(endDay) >= first ? Day(endDay) : first;
        return new CalendarTimes(new CalDateTime(first), new CalDateTime(last.AddDays(1)));
    }

    /// <summary>
    /// A moment in the record's IANA time zone (TZID), as people there read the clock; a local time written without
    /// an offset is taken to be that zone's. Without a known zone, a moment written with an offset is given in UTC,
    /// and a local time stays floating.
    /// </summary>
    private static CalDateTime Moment(EdtfDate date, string? timeZone)
    {
        var moment = date.DateTimeOffset!.Value;
        if (timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
            return new CalDateTime(date.UtcOffset is null ? moment.DateTime : TimeZoneInfo.ConvertTime(moment, zone).DateTime, timeZone);
        return date.UtcOffset is null
            ? new CalDateTime(moment.DateTime, tzId: null)
            : new CalDateTime(moment.UtcDateTime, CalDateTime.UtcTzId);
    }

    private static DateOnly Day(CalendarDate date) => new((int)date.Year, date.Month, date.Day);
}
