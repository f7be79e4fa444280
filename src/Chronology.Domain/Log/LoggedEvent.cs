using System.Text.Json.Nodes;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Log;

/// <summary>
/// One record event as PostgreSQL stores it (mt_events): what a log entry is made of. The log is derived from the
/// stored rows, not from the events as the code reads them today, so an upcaster can never change a logged entry.
/// </summary>
public sealed record LoggedEvent(long Sequence, Guid StreamId, string Type, string RecordedAt, JsonObject Headers, JsonNode? Data)
{
    /// <summary>
    /// Each row as one JSON array. The instant is formatted by PostgreSQL in UTC with microseconds (what it stores), so
    /// the text does not depend on the session's time zone or on a client's clock type.
    /// </summary>
    public static string Select(string schema) => $$"""
        select json_build_array(seq_id, stream_id, type,
            to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), coalesce(headers, '{}'::jsonb), data)::text
        from {{schema}}.mt_events
        """;

    /// <summary>
    /// The events the log holds, in sequence order: the record events (Marten's tombstones and markers belong to no
    /// record) that no admin has marked skipped (a skip is itself recorded, with who and why).
    /// </summary>
    public static string Filter => "not is_skipped and type = any(?)";

    public static string[] Types => [.. Records.EventCatalogue.StoredNames];

    public static LoggedEvent Parse(string row)
    {
        var columns = JsonNode.Parse(row)!.AsArray();
        return new LoggedEvent(
            columns[0]!.GetValue<long>(), Guid.Parse(columns[1]!.GetValue<string>()), columns[2]!.GetValue<string>(),
            columns[3]!.GetValue<string>(), columns[4]!.AsObject(), columns[5]);
    }

    public int Revision => Headers[EditHeaders.Revision] switch
    {
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) && int.TryParse(text, out var number) => number,
        _ => throw new InvalidOperationException($"Event {Sequence} of stream {StreamId} carries no revision, so it belongs to no log entry."),
    };

    public string? Header(string name) => Headers[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null => null,
        var other => other.ToJsonString(),
    };

    public bool Correction => Headers[EditHeaders.Correction] switch
    {
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<string>(out var text) => bool.Parse(text),
        _ => false,
    };
}
