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
    public static string Select(string schema) => $"select {Row("mt_events")} from {schema}.mt_events";

    private static string Row(string table) => $$"""
        json_build_array({{table}}.seq_id, {{table}}.stream_id, {{table}}.type,
            to_char({{table}}.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), coalesce({{table}}.headers, '{}'::jsonb), {{table}}.data)::text
        """;

    /// <summary>
    /// The rows of a daemon batch whose record events run from sequence <c>from</c> to <c>to</c>, in one statement: every
    /// record event after the last logged one (or from the batch's first, whichever is later) up to <c>to</c>, then the
    /// rest of the revision the batch ends in (committed with the part seen, so already there). Not in sequence order:
    /// sorting them here would sort every row's text. The batch's own range is repeated next to the bound from the last
    /// logged entry (which is never below it), so the plan, prepared once for any range, reads the index over the range;
    /// the rest of the last revision is read by its record's index, once for the one last row (lateral).
    /// Parameters: the batch's first and last sequences and <see cref="Types"/> as <see cref="BatchParameters"/> lays them out.
    /// </summary>
    public static string Batch(string schema, string entries) => $$"""
        with bound as (
            select greatest(?::bigint - 1, coalesce(
                (select (entry.data ->> 'lastSequence')::bigint from {{entries}} entry where entry.id < ? order by entry.id desc limit 1), 0)) as after),
        last as (
            select mt_events.seq_id, mt_events.stream_id, mt_events.headers ->> 'revision' as revision from {{schema}}.mt_events, bound
            where mt_events.seq_id >= ? and mt_events.seq_id <= ? and mt_events.seq_id > bound.after and {{Filter}} order by mt_events.seq_id desc limit 1)
        select {{Row("mt_events")}} from {{schema}}.mt_events, bound
        where mt_events.seq_id >= ? and mt_events.seq_id <= ? and mt_events.seq_id > bound.after and {{Filter}}
        union all
        select rest.row from last cross join lateral (
            select {{Row("mt_events")}} as row from {{schema}}.mt_events
            where mt_events.stream_id = last.stream_id and mt_events.seq_id > last.seq_id
              and mt_events.headers ->> 'revision' = last.revision and {{Filter}}) rest
        """;

    public static object[] BatchParameters(long from, long to) => [from, from, from, to, Types, from, to, Types, Types];

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
