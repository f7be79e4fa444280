using System.Text.Json.Serialization;

namespace Chronology.Domain.Records;

[JsonConverter(typeof(JsonStringEnumConverter<RecordKind>))]
public enum RecordKind { Summit, Talks, Meeting, Agreement, Announcement, Other }
