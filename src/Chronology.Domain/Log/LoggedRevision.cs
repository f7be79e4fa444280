using System.Text.Json.Nodes;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Log;

/// <summary>The events of one revision (one transaction, so contiguous in sequence order): one log entry.</summary>
public sealed record LoggedRevision(IReadOnlyList<LoggedEvent> Events)
{
    public LoggedEvent First => Events[0];

    public long FirstSequence => First.Sequence;

    public long LastSequence => Events[^1].Sequence;

    /// <summary>The entry as docs/verification.md defines it; its JCS form is the leaf.</summary>
    public JsonObject Entry(long index) => new()
    {
        ["index"] = index,
        ["recordId"] = First.StreamId.ToString(),
        ["revision"] = First.Revision,
        ["recordedAt"] = First.RecordedAt,
        ["editor"] = First.Header(EditHeaders.Editor),
        ["comment"] = First.Header(EditHeaders.Comment),
        ["correction"] = First.Correction,
        ["importedBy"] = First.Header(EditHeaders.ImportedBy),
        ["events"] = new JsonArray([.. Events.Select(e => new JsonObject { ["type"] = e.Type, ["data"] = e.Data?.DeepClone() })]),
    };

    /// <summary>Consecutive events of the same record and revision, in the order given (sequence order).</summary>
    public static IEnumerable<LoggedRevision> Group(IEnumerable<LoggedEvent> events)
    {
        var current = new List<LoggedEvent>();
        foreach (var e in events)
        {
            if (current.Count > 0 && (current[0].StreamId != e.StreamId || current[0].Revision != e.Revision))
            {
                yield return new LoggedRevision(current);
                current = [];
            }
            current.Add(e);
        }
        if (current.Count > 0) yield return new LoggedRevision(current);
    }
}
