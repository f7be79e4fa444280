using System.Text.Json.Serialization;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records;

[JsonConverter(typeof(JsonStringEnumConverter<RecordKind>))]
public enum RecordKind { Summit, Talks, Meeting, Agreement, Announcement, Other }

/// <summary>Where a meeting stands in the world, as schema.org's EventStatusType plus what historians need.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeetingStatus>))]
public enum MeetingStatus { Proposed, Announced, Scheduled, Postponed, Rescheduled, Cancelled, Held }

/// <summary>The verbs of the lifecycle: what an editor says happened in the world.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatusChange>))]
public enum StatusChange { Announced, Scheduled, Rescheduled, Postponed, Cancelled, Reinstated, Held }

[JsonConverter(typeof(JsonStringEnumConverter<LinkRelation>))]
public enum LinkRelation { FollowUpOf, PartOf, PrecededBy, RelatedTo }

public sealed record Coordinates(double Lat, double Lon);

public sealed record Place(LanguageText Name, string? Locality, string? Country, Coordinates? Coordinates);

public sealed record Participant(Guid Id, LanguageText Name, string? Role, string? Side);

public sealed record Outcome(Guid Id, LanguageText Text);

public sealed record Link(Guid Id, LinkRelation Relation, Guid RecordId);

public sealed record Source(Guid Id, string Url, string? Title, string? Publisher, EdtfDate? PublishedOn, string? Quote);

/// <summary>One assertion about the world: on <c>Facts.On</c>, the meeting was announced, cancelled, …</summary>
[JsonConverter(typeof(StatusEntryJson))]
public sealed record StatusEntry(int Number, StatusChange Change, StatusFacts Facts, int Revision);

/// <summary>A place the meeting had from <see cref="On"/> (valid time); no date means from the beginning.</summary>
public sealed record PlaceEntry(Place Place, EdtfDate? On, int Revision);
