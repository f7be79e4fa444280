using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Domain.Records.Undoing;

/// <summary>
/// A record's content as JSON, the document an undo compares revisions over: the write state itself (not a view), without
/// what every revision changes (id, revision counters), with the status and place it stands at, so a later edit of either
/// shows as one path (<c>/status</c>, <c>/place</c>) a client can read.
/// </summary>
public static class UndoContent
{
    public static JsonObject Of(Record record)
    {
        var content = (JsonObject)JsonSerializer.SerializeToNode(record, ChronologyJson.Options)!;
        foreach (var counter in new[] { "id", "revision", "statusEntriesEverRecorded", "placeEntries" }) content.Remove(counter);
        content["status"] = JsonSerializer.SerializeToNode(record.Status, ChronologyJson.Options);
        content["place"] = JsonSerializer.SerializeToNode(record.Place, ChronologyJson.Options);
        return content;
    }
}
