using Chronology.Api.Exports;
using Chronology.Domain.Views;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Caching;

/// <summary>
/// The strong entity tag of one representation of a resource at one version, built here and nowhere else so that reads,
/// caches and edits agree on it. A record's JSON is tagged with its bare revision (<c>"7"</c>, what If-Match on edits
/// names); its other representations carry their format (<c>"7-jsonld"</c>, <c>"7-ics"</c>, <c>"7-csv"</c>), because a
/// strong tag promises identical bytes. An erasure rewrites what past revisions say without adding a revision, so the
/// erasure generation (how many erasures touched what the representation shows, ViewReader.ErasureGeneration) is part of
/// the tag once it is above 0 (<c>"7-e1"</c>, <c>"7-ics-e1"</c>) and every cached copy made before the erasure stops matching.
/// </summary>
public readonly record struct RepresentationTag(string Version, ExportFormat Format = ExportFormat.Json, int ErasureGeneration = 0)
{
    private const string ErasureMark = "e";

    /// <summary>A record's representation at one revision: the one place a record read's tag is made.</summary>
    public static RepresentationTag Of(RecordView view, ExportFormat format = ExportFormat.Json, int erasureGeneration = 0) =>
        Of(view.Revision, format, erasureGeneration);

    public static RepresentationTag Of(int revision, ExportFormat format = ExportFormat.Json, int erasureGeneration = 0) =>
        new RepresentationTag(revision.ToString(System.Globalization.CultureInfo.InvariantCulture), ExportFormat.Json, erasureGeneration).As(format);

    /// <summary>
    /// The tag of the same version in another format. The calendar shows no personal value (no participant, no quote),
    /// so no erasure changes it and its tag carries no erasure generation.
    /// </summary>
    public RepresentationTag As(ExportFormat format) =>
        this with { Format = format, ErasureGeneration = format == ExportFormat.Calendar ? 0 : ErasureGeneration };

    public EntityTagHeaderValue Header => new($"\"{Opaque}\"");

    public override string ToString() => Header.ToString();

    private string Opaque
    {
        get
        {
            var suffix = Format switch
            {
                ExportFormat.Json => "",
                ExportFormat.JsonLd => "-jsonld",
                ExportFormat.Calendar => "-ics",
                ExportFormat.Csv => "-csv",
                _ => throw new ArgumentOutOfRangeException(nameof(Format), Format, "a representation without a tag"),
            };
            return ErasureGeneration > 0 ? $"{Version}{suffix}-{ErasureMark}{ErasureGeneration}" : Version + suffix;
        }
    }

    /// <summary>
    /// The revision a record's JSON tag names, whatever its erasure generation (<c>"7"</c> and <c>"7-e1"</c> both name 7):
    /// what an edit's If-Match compares. Tags of other representations name no revision an edit could be decided on.
    /// </summary>
    public static bool TryReadRevision(EntityTagHeaderValue tag, out int revision)
    {
        revision = 0;
        var opaque = tag.Tag.Value is ['"', .. var inner, '"'] ? inner : "";
        var parts = opaque.Split('-');
        return parts.Length switch
        {
            1 => true,
            2 => parts[1].StartsWith(ErasureMark, StringComparison.Ordinal) && IsNumber(parts[1][ErasureMark.Length..], out _),
            _ => false,
        } && IsNumber(parts[0], out revision) && revision > 0;
    }

    private static bool IsNumber(string text, out int number) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
}
