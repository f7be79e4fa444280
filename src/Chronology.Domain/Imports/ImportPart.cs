namespace Chronology.Domain.Imports;

/// <summary>
/// A piece of an uploaded import file, whole lines only, stored as the upload streams in so that neither the API nor the
/// worker ever holds the file whole. <see cref="FirstLine"/> numbers its first line within the file.
/// </summary>
public sealed record ImportPart(string Id, Guid JobId, int Index, int FirstLine, string Text)
{
    /// <summary>The largest part, in characters: a part is cut at the last line end before it.</summary>
    public const int MaxChars = 1024 * 1024;

    public static string IdFor(Guid jobId, int index) => $"{jobId}:{index:D7}";
}
