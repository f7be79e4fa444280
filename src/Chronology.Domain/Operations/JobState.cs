namespace Chronology.Domain.Operations;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JobState>))]
public enum JobState { Queued, Running, Done, Failed }
