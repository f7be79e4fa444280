using System.Collections.Frozen;

namespace Chronology.Domain.Records;

/// <summary>
/// The stored name and version of every record event. A stored name never changes meaning: to change
/// an event's shape, add a new record type with the next version here and register an upcaster from
/// the old name in ChronologyStore, so events written years ago still replay.
/// </summary>
public static class EventCatalogue
{
    public static readonly IReadOnlyList<(Type Type, string Name, int Version)> Events =
    [
        Entry<RecordCreated>("record_created"),
        Entry<TitleRevised>("title_revised"),
        Entry<AliasesRevised>("aliases_revised"),
        Entry<SummaryRevised>("summary_revised"),
        Entry<KindChanged>("kind_changed"),
        Entry<TagsRevised>("tags_revised"),
        Entry<TimeZoneChanged>("time_zone_changed"),
        Entry<MeetingAnnounced>("meeting_announced"),
        Entry<MeetingScheduled>("meeting_scheduled"),
        Entry<MeetingRescheduled>("meeting_rescheduled"),
        Entry<MeetingPostponed>("meeting_postponed"),
        Entry<MeetingCancelled>("meeting_cancelled"),
        Entry<MeetingReinstated>("meeting_reinstated"),
        Entry<MeetingHeld>("meeting_held"),
        Entry<StatusEntryCorrected>("status_entry_corrected"),
        Entry<StatusEntryWithdrawn>("status_entry_withdrawn"),
        Entry<PlaceChanged>("place_changed"),
        Entry<PlaceCorrected>("place_corrected"),
        Entry<PlaceCleared>("place_cleared"),
        Entry<ParticipantAdded>("participant_added", 2),
        Entry<ParticipantRemoved>("participant_removed"),
        Entry<ParticipantRoleChanged>("participant_role_changed", 2),
        Entry<OutcomeRecorded>("outcome_recorded"),
        Entry<OutcomeRetracted>("outcome_retracted"),
        Entry<SourceCited>("source_cited", 2),
        Entry<SourceWithdrawn>("source_withdrawn"),
        Entry<LinkAdded>("link_added"),
        Entry<LinkRemoved>("link_removed"),
        Entry<RevisionReverted>("revision_reverted"),
        Entry<RevisionUndone>("revision_undone"),
    ];

    /// <summary>
    /// Names stored by earlier versions, read as today's type: version 1 held the personal values plain, which the type
    /// reads as values already open (see PersonalData.Personal). Events of these names stay in the log as they were signed.
    /// </summary>
    public static readonly IReadOnlyList<(Type Type, string StoredName)> FormerVersions =
    [
        (typeof(ParticipantAdded), "participant_added.v1"),
        (typeof(ParticipantRoleChanged), "participant_role_changed.v1"),
        (typeof(SourceCited), "source_cited.v1"),
    ];

    /// <summary>Every stored name a record event can have: today's and the former versions'.</summary>
    public static IEnumerable<string> StoredNames =>
        Events.Select(e => $"{e.Name}.v{e.Version}").Concat(FormerVersions.Select(former => former.StoredName));

    /// <summary>The stored name of a record event's type (every projection asks it for every event it folds).</summary>
    public static string StoredName(Type type) => StoredNamesByType[type];

    private static readonly FrozenDictionary<Type, string> StoredNamesByType =
        Events.ToFrozenDictionary(entry => entry.Type, entry => $"{entry.Name}.v{entry.Version}");

    private static (Type, string, int) Entry<T>(string name, int version = 1) where T : IRecordEvent => (typeof(T), name, version);
}
