using System.Text.Json.Serialization;

namespace Chronology.Domain.Records;

/// <summary>Where a meeting stands in the world, as schema.org's EventStatusType plus what historians need.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeetingStatus>))]
public enum MeetingStatus { Proposed, Announced, Scheduled, Postponed, Rescheduled, Cancelled, Held }
