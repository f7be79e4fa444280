using Chronology.Domain.Records.Editing;
using JasperFx.Events;

namespace Chronology.Domain.Records;

/// <summary>Reads the edit metadata that every event of a revision carries in its headers.</summary>
public static class EventMetadata
{
    /// <summary>The record after one stored event, its revision taken from the event's metadata.</summary>
    public static Record Fold(Record? state, IEvent e) => Record.Next(state, e.StreamId, Revision(e), (IRecordEvent)e.Data);

    public static int Revision(IEvent e) => Convert.ToInt32(Header(e, EditHeaders.Revision)
        ?? throw new InvalidOperationException($"Event {e.Id} of stream {e.StreamId} carries no revision."));

    public static string Editor(IEvent e) => Header(e, EditHeaders.Editor)?.ToString() ?? e.UserName ?? "unknown";

    public static string? Comment(IEvent e) => Header(e, EditHeaders.Comment)?.ToString();

    public static bool Correction(IEvent e) => Header(e, EditHeaders.Correction) is { } value && Convert.ToBoolean(value);

    public static string? ImportedBy(IEvent e) => Header(e, EditHeaders.ImportedBy)?.ToString();

    // Headers come back from PostgreSQL as plain values (long, string, bool), or as set within the same session.
    private static object? Header(IEvent e, string name) =>
        e.Headers is not null && e.Headers.TryGetValue(name, out var value) ? value switch
        {
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Null } => null,
            System.Text.Json.JsonElement json => json.ToString(),
            _ => value,
        } : null;
}
