using Chronology.Domain.Records;

namespace Chronology.Domain.Views;

/// <summary>A record as people read it: its current state by today's knowledge, with who edited it last.</summary>
public sealed record RecordView(
    Guid Id,
    int Revision,
    RecordKind Kind,
    LanguageText Title,
    LanguageNames Aliases,
    LanguageText Summary,
    MeetingStatus Status,
    EdtfDate? Start,
    EdtfDate? End,
    ImmutableList<EdtfDate> PreviousStarts,
    string? TimeZone,
    Place? Place,
    ImmutableList<Participant> Participants,
    ImmutableList<Outcome> Outcomes,
    ImmutableList<Link> Links,
    ImmutableList<Source> Sources,
    ImmutableList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string LastEditor)
{
    public static RecordView Of(Record state, DateTimeOffset createdAt, DateTimeOffset updatedAt, string lastEditor)
    {
        var entries = state.StatusInValidTime;
        var schedule = Schedule.Of(entries);
        return new RecordView(
            state.Id, state.Revision, state.Kind, state.Title, state.Aliases, state.Summary,
            Lifecycle.StatusAfter(entries), schedule.Start, schedule.End, schedule.PreviousStarts, state.TimeZone, state.Place,
            state.Participants, state.Outcomes, state.Links, state.Sources, state.Tags, createdAt, updatedAt, lastEditor);
    }
}

/// <summary>When the meeting is (or was) to take place, and every start it had before a reschedule.</summary>
public sealed record Schedule(EdtfDate? Start, EdtfDate? End, ImmutableList<EdtfDate> PreviousStarts)
{
    public static Schedule Of(IReadOnlyList<StatusEntry> entriesInValidTime)
    {
        var dated = entriesInValidTime.Where(entry => entry.Facts.Start is not null).ToList();
        if (dated.Count == 0) return new Schedule(null, null, []);
        var current = dated[^1];
        var previous = dated.Select(entry => entry.Facts.Start!).Where(start => !start.Equals(current.Facts.Start)).Distinct().ToImmutableList();
        return new Schedule(current.Facts.Start, current.Facts.End, previous);
    }
}
