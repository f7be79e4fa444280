using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Chronology.Domain.Diffs;
using Chronology.Domain.Records;
using Marten.Schema;

namespace Chronology.Domain.Views;

/// <summary>
/// One revision of one record: who made it, when and why, and what it changed field by field. The RFC 6902 patch is
/// not stored: no read uses a revision's own patch (a diff computes its patch between the two views it reads), and
/// walking and writing it cost a rebuild as much as the changes. The whole state after it is kept only every
/// <see cref="SnapshotEvery"/> revisions (<see cref="Snapshot"/>): time travel folds the few events since the snapshot
/// before, so a revision costs what it changed, not the record's size.
/// <see cref="FirstSequence"/> and <see cref="LastSequence"/> are the revision's first and last events folded in so far,
/// <see cref="LastVersion"/> the last one's version in the record's stream (where a fold on read stops).
/// </summary>
public sealed record RevisionView(
    string Id,
    Guid RecordId,
    int Revision,
    DateTimeOffset RecordedAt,
    long FirstSequence,
    long LastSequence,
    long LastVersion,
    string Editor,
    string? Comment,
    bool Correction,
    string? ImportedBy,
    ImmutableList<string> EventTypes,
    IReadOnlyList<FieldChange> Changes,
    Record? Snapshot,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// Revisions between two snapshots: a read folds at most this many revisions' events, a rebuild serialises the whole
    /// state once per this many revisions.
    /// </summary>
    public const int SnapshotEvery = 16;

    public static bool KeepsSnapshot(int revision) => revision % SnapshotEvery == 0;

    /// <summary>The revision whose snapshot a fold up to <paramref name="revision"/> starts from (0: none, fold from the creation).</summary>
    public static int SnapshotBefore(int revision) => revision / SnapshotEvery * SnapshotEvery;

    public static string IdFor(Guid recordId, int revision) => $"{recordId}:{revision}";

    /// <summary>
    /// Marten calls this when it maps the type. History pages by revision and knownAt looks for the last revision recorded
    /// by an instant: both read one index over plain columns copied from the document, not expressions over <c>data</c>.
    /// An index over <c>data</c> makes every rewrite of a revision (a rebuild rewrites them all) a non-HOT update
    /// inserting into every index; over columns that do not change, PostgreSQL can update the row in place.
    /// knownAt reads a record's entries of the revision index (its recorded time included) and keeps the latest, rather than
    /// an index of its own: each index is written with every revision, and a rebuild writes them all (the second index cost
    /// 14 % of a batch's insert and a fifth of its WAL records, bench/README.md round 6), while a record's entries are read
    /// in milliseconds.
    /// On an existing database Marten's migration adds and fills the columns and replaces the old indexes.
    /// (<see cref="DocumentRows"/> writes the columns with each batch's revisions.)
    /// </summary>
    public static void ConfigureMarten(DocumentMapping<RevisionView> mapping)
    {
        var record = mapping.DuplicateField(nameof(RecordId)).ColumnName;
        var revisions = mapping.AddIndex(record, mapping.DuplicateField(nameof(Revision)).ColumnName);
        revisions.IncludeColumns = [mapping.DuplicateField(nameof(RecordedAt)).ColumnName];
    }

    /// <summary>Derived from <see cref="Changes"/> on read, not stored again with each revision.</summary>
    [JsonIgnore]
    public IEnumerable<string> ChangedPaths => Changes.Select(change => change.Path);

    /// <summary>The record view as UTF-8 JSON, the document diffs and patches are computed over.</summary>
    public static byte[] Json(RecordView view) => JsonSerializer.SerializeToUtf8Bytes(view, ChronologyJson.Options);

    /// <summary>The field-level diff and the RFC 6902 patch between two views.</summary>
    public static (IReadOnlyList<FieldChange> Changes, JsonArray Patch) Diff(RecordView? before, RecordView after) =>
        Diff(before is null ? null : Json(before), Json(after));

    /// <summary>The same between two views already written as JSON (<see cref="Json"/>).</summary>
    public static (IReadOnlyList<FieldChange> Changes, JsonArray Patch) Diff(byte[]? before, byte[] after)
    {
        using var from = before is null ? null : JsonDocument.Parse(before);
        using var to = JsonDocument.Parse(after);
        // Its patch replaces the whole (null) document at a creation.
        return (ChangesBetween(from, to), JsonDiff.Patch(from?.RootElement ?? NoDocument.RootElement, to.RootElement).ToJson());
    }

    /// <summary>
    /// The field-level diff alone, which is what a revision stores: the same changes as <see cref="Diff(RecordView?, RecordView)"/>
    /// gives, from only the members that may differ (<see cref="RecordViewMembers"/>); a creation writes the whole view.
    /// </summary>
    public static IReadOnlyList<FieldChange> ChangesBetween(RecordView? before, RecordView after)
    {
        if (before is not null) return RecordViewMembers.Changes(before, after, MetadataPaths);
        using var created = JsonDocument.Parse(Json(after));
        return ChangesBetween(null, created);
    }

    // A creation lists every field it set, rather than one change of the whole document.
    private static IReadOnlyList<FieldChange> ChangesBetween(JsonDocument? before, JsonDocument after) =>
        JsonDiff.Changes(before?.RootElement ?? NoFields.RootElement, after.RootElement, MetadataPaths);

    private static readonly JsonDocument NoFields = JsonDocument.Parse("{}"), NoDocument = JsonDocument.Parse("null");

    // Edit metadata changes with every revision; the field changes say what the edit changed in the record,
    // while the patch turns one whole view into the other.
    private static readonly HashSet<string> MetadataPaths = ["/revision", "/updatedAt", "/lastEditor"];
}
