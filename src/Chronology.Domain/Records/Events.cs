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

/// <summary>The world moved: on <see cref="On"/> the meeting was announced, scheduled, cancelled, ….</summary>
public interface IStatusChanged : IRecordEvent
{
    StatusChange Change { get; }
    EdtfDate On { get; }
    string? By { get; }
    string? Reason { get; }
    ImmutableList<Guid> Sources { get; }
    EdtfDate? Start => null;
    EdtfDate? End => null;
}

public sealed record MeetingAnnounced(EdtfDate On, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Announced;
}

public sealed record MeetingScheduled(EdtfDate On, EdtfDate Start, EdtfDate? End, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Scheduled;
}

public sealed record MeetingRescheduled(EdtfDate On, EdtfDate Start, EdtfDate? End, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Rescheduled;
}

public sealed record MeetingPostponed(EdtfDate On, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Postponed;
}

public sealed record MeetingCancelled(EdtfDate On, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Cancelled;
}

public sealed record MeetingReinstated(EdtfDate On, EdtfDate? Start, EdtfDate? End, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Reinstated;
}

public sealed record MeetingHeld(EdtfDate On, EdtfDate? Start, EdtfDate? End, string? By, string? Reason, ImmutableList<Guid> Sources) : IStatusChanged
{
    public StatusChange Change => StatusChange.Held;
}

/// <summary>We were wrong about an earlier status entry: it is replaced for all valid time.</summary>
public sealed record StatusEntryCorrected(
    int Entry, EdtfDate On, EdtfDate? Start, EdtfDate? End, string? By, string? Reason, ImmutableList<Guid> Sources) : IRecordEvent;

/// <summary>An earlier status entry should never have been recorded (a revert or an undo took it back).</summary>
public sealed record StatusEntryWithdrawn(int Entry) : IRecordEvent;

/// <summary>The meeting moved (or its place became known) on <see cref="On"/>; earlier places stay in valid time.</summary>
public sealed record PlaceChanged(Place Place, EdtfDate? On) : IRecordEvent;

/// <summary>We were wrong about the place: the current place entry is replaced for all valid time.</summary>
public sealed record PlaceCorrected(Place Place) : IRecordEvent;

/// <summary>The record no longer says where the meeting is or was (a revert to before any place was known).</summary>
public sealed record PlaceCleared : IRecordEvent;

public sealed record ParticipantAdded(Guid ParticipantId, LanguageText Name, string? Role, string? Side) : IRecordEvent;
public sealed record ParticipantRemoved(Guid ParticipantId) : IRecordEvent;
public sealed record ParticipantRoleChanged(Guid ParticipantId, string? Role) : IRecordEvent;

public sealed record OutcomeRecorded(Guid OutcomeId, LanguageText Text) : IRecordEvent;
public sealed record OutcomeRetracted(Guid OutcomeId) : IRecordEvent;

public sealed record SourceCited(Guid SourceId, string Url, string? Title, string? Publisher, EdtfDate? PublishedOn, string? Quote) : IRecordEvent;
public sealed record SourceWithdrawn(Guid SourceId) : IRecordEvent;

public sealed record LinkAdded(Guid LinkId, LinkRelation Relation, Guid RecordId) : IRecordEvent;
public sealed record LinkRemoved(Guid LinkId) : IRecordEvent;

/// <summary>Marks a revision that put the record's content back to what it was at <see cref="ToRevision"/>.</summary>
public sealed record RevisionReverted(int ToRevision) : IRecordEvent;

/// <summary>Marks a revision that took back the effect of revision <see cref="Revision"/>, keeping later ones.</summary>
public sealed record RevisionUndone(int Revision) : IRecordEvent;
