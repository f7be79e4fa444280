using System.Text.Json.Serialization;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records;

// Every edit of a record is one or more of these, appended together as one revision.
// Events are stored forever: never change the meaning or shape of one; add a new version
// (see EventCatalogue) and upcast the old shape instead.

public interface IRecordEvent;

public sealed record RecordCreated(
    RecordKind Kind,
    LanguageText Title,
    LanguageNames Aliases,
    LanguageText Summary,
    ImmutableList<string> Tags,
    string? TimeZone) : IRecordEvent;

public sealed record TitleRevised(LanguageText Title) : IRecordEvent;
public sealed record AliasesRevised(LanguageNames Aliases) : IRecordEvent;
public sealed record SummaryRevised(LanguageText Summary) : IRecordEvent;
public sealed record KindChanged(RecordKind Kind) : IRecordEvent;
public sealed record TagsRevised(ImmutableList<string> Tags) : IRecordEvent;
public sealed record TimeZoneChanged(string? TimeZone) : IRecordEvent;

/// <summary>
/// The world moved: on <c>Facts.On</c> the meeting was announced, scheduled, cancelled, …. One event type per change, so the
/// stored name says what happened; each keeps the flat JSON it was first stored with (<see cref="StatusChangedJson"/>).
/// </summary>
public abstract record StatusChanged(StatusFacts Facts) : IRecordEvent
{
    public abstract StatusChange Change { get; }

    /// <summary>Whether a change of this kind dates the meeting (carries <c>start</c> and <c>end</c>).</summary>
    public static bool Dates(StatusChange change) =>
        change is StatusChange.Scheduled or StatusChange.Rescheduled or StatusChange.Reinstated or StatusChange.Held;

    /// <summary>The event that says <paramref name="change"/> happened.</summary>
    public static StatusChanged Of(StatusChange change, StatusFacts facts) => change switch
    {
        StatusChange.Announced => new MeetingAnnounced(facts),
        StatusChange.Scheduled => new MeetingScheduled(facts),
        StatusChange.Rescheduled => new MeetingRescheduled(facts),
        StatusChange.Postponed => new MeetingPostponed(facts),
        StatusChange.Cancelled => new MeetingCancelled(facts),
        StatusChange.Reinstated => new MeetingReinstated(facts),
        StatusChange.Held => new MeetingHeld(facts),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown status change"),
    };
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingAnnounced(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Announced;
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingScheduled(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Scheduled;
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingRescheduled(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Rescheduled;
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingPostponed(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Postponed;
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingCancelled(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Cancelled;
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingReinstated(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Reinstated;
}

[JsonConverter(typeof(StatusChangedJson))]
public sealed record MeetingHeld(StatusFacts Facts) : StatusChanged(Facts)
{
    public override StatusChange Change => StatusChange.Held;
}

/// <summary>We were wrong about an earlier status entry: it is replaced for all valid time.</summary>
[JsonConverter(typeof(StatusEntryCorrectedJson))]
public sealed record StatusEntryCorrected(int Entry, StatusFacts Facts) : IRecordEvent;

/// <summary>An earlier status entry should never have been recorded (a revert or an undo took it back).</summary>
public sealed record StatusEntryWithdrawn(int Entry) : IRecordEvent;

/// <summary>The meeting moved (or its place became known) on <see cref="On"/>; earlier places stay in valid time.</summary>
public sealed record PlaceChanged(Place Place, EdtfDate? On) : IRecordEvent;

/// <summary>We were wrong about the place: the current place entry is replaced for all valid time.</summary>
public sealed record PlaceCorrected(Place Place) : IRecordEvent;

/// <summary>The record no longer says where the meeting is or was (a revert to before any place was known).</summary>
public sealed record PlaceCleared : IRecordEvent;

/// <summary>Version 2 holds the name and the role as commitments (<see cref="Personal{T}"/>); version 1 held them plain.</summary>
public sealed record ParticipantAdded(Guid ParticipantId, Personal<LanguageText> Name, Personal<string>? Role, string? Side) : IRecordEvent, IHoldsPersonalData
{
    public IEnumerable<PersonalField> PersonalValues() => Role is null
        ? [new(PersonalFields.ParticipantName, ParticipantId, Name)]
        : [new(PersonalFields.ParticipantName, ParticipantId, Name), new(PersonalFields.ParticipantRole, ParticipantId, Role)];
}

public sealed record ParticipantRemoved(Guid ParticipantId) : IRecordEvent;

/// <summary>Version 2 holds the role as a commitment; version 1 held it plain.</summary>
public sealed record ParticipantRoleChanged(Guid ParticipantId, Personal<string>? Role) : IRecordEvent, IHoldsPersonalData
{
    public IEnumerable<PersonalField> PersonalValues() => Role is null ? [] : [new(PersonalFields.ParticipantRole, ParticipantId, Role)];
}

public sealed record OutcomeRecorded(Guid OutcomeId, LanguageText Text) : IRecordEvent;
public sealed record OutcomeRetracted(Guid OutcomeId) : IRecordEvent;

/// <summary>Version 2 holds the quote as a commitment; version 1 held it plain.</summary>
public sealed record SourceCited(Guid SourceId, string Url, string? Title, string? Publisher, EdtfDate? PublishedOn, Personal<string>? Quote)
    : IRecordEvent, IHoldsPersonalData
{
    public IEnumerable<PersonalField> PersonalValues() => Quote is null ? [] : [new(PersonalFields.SourceQuote, SourceId, Quote)];
}
public sealed record SourceWithdrawn(Guid SourceId) : IRecordEvent;

public sealed record LinkAdded(Guid LinkId, LinkRelation Relation, Guid RecordId) : IRecordEvent;
public sealed record LinkRemoved(Guid LinkId) : IRecordEvent;

/// <summary>Marks a revision that put the record's content back to what it was at <see cref="ToRevision"/>.</summary>
public sealed record RevisionReverted(int ToRevision) : IRecordEvent;

/// <summary>Marks a revision that took back the effect of revision <see cref="Revision"/>, keeping later ones.</summary>
public sealed record RevisionUndone(int Revision) : IRecordEvent;
