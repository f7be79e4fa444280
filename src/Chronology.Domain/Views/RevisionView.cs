using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Chronology.Domain.Diffs;
using Chronology.Domain.Records;

namespace Chronology.Domain.Views;

/// <summary>
/// One revision of one record: who made it, when and why, what it changed (field by field and as an
/// RFC 6902 patch), and the whole state after it, so time travel to a revision is one read. The view people read
/// is derived from the state on demand rather than stored beside it: the document stays half the size.
/// <see cref="FirstSequence"/> and <see cref="LastSequence"/> are the revision's first and last events folded in so far.
/// </summary>
public sealed record RevisionView(
    string Id,
    Guid RecordId,
    int Revision,
    DateTimeOffset RecordedAt,
    long FirstSequence,
    long LastSequence,
    string Editor,
    string? Comment,
    bool Correction,
    string? ImportedBy,
    ImmutableList<string> EventTypes,
    IReadOnlyList<FieldChange> Changes,
    JsonArray Patch,
    Record State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public RecordView View => RecordView.Of(State, CreatedAt, UpdatedAt, Editor);

    public static string IdFor(Guid recordId, int revision) => $"{recordId}:{revision}";

    public IEnumerable<string> ChangedPaths => Changes.Select(change => change.Path);

    /// <summary>The record view as JSON, the document diffs and patches are computed over.</summary>
    public static JsonNode? Json(RecordView? view) => view is null ? null : JsonSerializer.SerializeToNode(view, ChronologyJson.Options);

    /// <summary>The field-level diff and the RFC 6902 patch between two views.</summary>
    public static (IReadOnlyList<FieldChange> Changes, JsonArray Patch) Diff(RecordView? before, RecordView after)
    {
        var (from, to) = (Json(before), Json(after));
        // A creation lists every field it set, rather than one change of the whole document.
        var changes = JsonDiff.Changes(from ?? new JsonObject(), to).Where(change => !MetadataPaths.Contains(change.Path)).ToList();
        return (changes, JsonDiff.Patch(from, to).ToJson());
    }

    // Edit metadata changes with every revision; the field changes say what the edit changed in the record,
    // while the patch turns one whole view into the other.
    private static readonly HashSet<string> MetadataPaths = ["/revision", "/updatedAt", "/lastEditor"];
}
