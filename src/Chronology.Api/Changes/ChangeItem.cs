using Chronology.Domain.Views;

namespace Chronology.Api.Changes;

/// <summary>One accepted revision in the global change feed; <see cref="Position"/> orders the feed and resumes the stream.</summary>
public sealed record ChangeItem(
    long Position, Guid RecordId, int Revision, string Editor, string? Comment, bool Correction,
    IReadOnlyList<string> EventTypes, DateTimeOffset RecordedAt)
{
    public static ChangeItem From(ChangeFeedEntry entry) => new(
        entry.Position, entry.RecordId, entry.Revision, entry.Editor, entry.Comment, entry.Correction, entry.EventTypes, entry.RecordedAt);
}
