using Chronology.Domain.Records;
using Chronology.Domain.Views;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Chronology.Api.Exports;

/// <summary>
/// Records as an RFC 5545 calendar: one VEVENT per record that has a day or a moment to put in a calendar.
/// Records known only to the year, season or month, or without a start, are left out, and the VCALENDAR says
/// which and why in one <c>X-CHRONOLOGY-OMITTED</c> property per record ("{recordId}: {reason}"), so a
/// subscriber can tell an omission from a missing record.
/// </summary>
public static class ICalendarExport
{
    public const string OmittedProperty = "X-CHRONOLOGY-OMITTED";

    public static string Write(IEnumerable<RecordView> views, RecordUrls urls)
    {
        var calendar = new Calendar { ProductId = "-//Chronology//Exports//EN" };
        foreach (var view in views)
        {
            var (when, reason) = CalendarTimes.Of(view);
            if (when is null)
            {
                calendar.AddProperty(OmittedProperty, $"{view.Id}: {reason}");
                continue;
            }
            calendar.Events.Add(Event(view, when, urls));
            // RFC 5545 asks for a VTIMEZONE for every TZID used; one from the meeting's year on keeps it short.
            if (when.Start.TzId is { } zone && zone != CalDateTime.UtcTzId && calendar.TimeZones.All(known => known.TzId != zone))
                calendar.AddTimeZone(zone, new DateTime(when.Start.Year, 1, 1), includeHistoricalData: false);
        }
        return new CalendarSerializer(calendar).SerializeToString() ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
    }

    private static CalendarEvent Event(RecordView view, CalendarTimes when, RecordUrls urls) => new()
    {
        // Stable across exports and revisions, so a subscribed calendar updates the event instead of adding another.
        Uid = $"{view.Id}@chronology",
        Sequence = view.Revision,
        // Without a METHOD, DTSTAMP is when the information was last revised in the store: the record's last edit.
        DtStamp = Utc(view.UpdatedAt),
        Created = Utc(view.CreatedAt),
        LastModified = Utc(view.UpdatedAt),
        DtStart = when.Start,
        DtEnd = when.End,
        Status = Status(view.Status),
        Summary = ExportText.Preferred(view.Title),
        Description = ExportText.Preferred(view.Summary),
        Location = view.Place is { } place ? ExportText.Preferred(place.Name) : null,
        GeographicLocation = view.Place?.Coordinates is { } at ? new GeographicLocation(at.Lat, at.Lon) : null,
        Url = new Uri(urls.Of(view.Id)),
    };

    /// <summary>
    /// CONFIRMED when the meeting is on (scheduled, rescheduled, announced — made public — and held, which happened);
    /// TENTATIVE while it is only proposed, or postponed with no new date (it shows at its last date, marked unsure);
    /// CANCELLED when cancelled. A reinstated meeting is scheduled again, so confirmed.
    /// </summary>
    public static string Status(MeetingStatus status) => status switch
    {
        MeetingStatus.Cancelled => EventStatus.Cancelled,
        MeetingStatus.Proposed or MeetingStatus.Postponed => EventStatus.Tentative,
        _ => EventStatus.Confirmed,
    };

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId);
}
