namespace Chronology.Api.OpenApi;

/// <summary>The resources operations are grouped by, in the order a reader meets them, each with what it is about.</summary>
public static class ResourceTags
{
    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        ("Records", "Meeting records: create one, read it now or as it stood (at a revision, an instant of recorded time, a date of valid time), list and search them, revise their descriptive fields, edit several fields as one revision, revert and undo."),
        ("Status", "What happened to a meeting in the world, each on an EDTF date of valid time: announced, scheduled, rescheduled, postponed, cancelled, reinstated, held. The lifecycle refuses a change that cannot follow the current status (409)."),
        ("Place", "Where the meeting is or was held, from a date of valid time, or corrected for all valid time."),
        ("Participants", "Who takes part, with their names in several languages, role and side."),
        ("Outcomes", "What a meeting produced: declarations, agreements, follow-up talks."),
        ("Sources", "Citations backing a record's fields and status changes."),
        ("Links", "Relations between records: follow-up of, part of, preceded by, related to."),
        ("History", "Every revision of a record: who changed what and why, diffs between revisions, blame per field, the status over valid time."),
        ("Timeline", "Records' own dates and every status change across records, in valid-time order."),
        ("Changes", "The global change feed by position, paged or as Server-Sent Events."),
        ("Imports", "NDJSON files of edit commands, imported by the worker."),
        ("Exports", "Records and the timeline as iCalendar, CSV and schema.org JSON-LD, for calendars and other programs."),
        ("Admin", "Projections (the views reads are served from): positions, lag, rebuilds and recovery. Admin role."),
        ("Log", "The signed transparency log of every revision, for verifying that history was not rewritten."),
    ];

    /// <summary>The resource an operation without a <c>[Tags]</c> of its own belongs to, read from its route.</summary>
    public static string ForRoute(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return "Records";
        if (segments[^1].EndsWith(".ics", StringComparison.Ordinal)) return "Exports";
        return segments[0] switch
        {
            "admin" => "Admin",
            "imports" => "Imports",
            "changes" => "Changes",
            "timeline" => "Timeline",
            "log" => "Log",
            "records" when segments.Length >= 3 => segments[2] switch
            {
                "announce" or "schedule" or "reschedule" or "postpone" or "cancel" or "reinstate" or "hold" => "Status",
                "place" => "Place",
                "participants" => "Participants",
                "outcomes" => "Outcomes",
                "sources" => "Sources",
                "links" => "Links",
                "history" or "diff" or "blame" or "status-history" => "History",
                _ => "Records",
            },
            _ => "Records",
        };
    }
}
