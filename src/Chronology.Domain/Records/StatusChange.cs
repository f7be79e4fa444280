using System.Text.Json.Serialization;

namespace Chronology.Domain.Records;

/// <summary>The verbs of the lifecycle: what an editor says happened in the world.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatusChange>))]
public enum StatusChange { Announced, Scheduled, Rescheduled, Postponed, Cancelled, Reinstated, Held }
