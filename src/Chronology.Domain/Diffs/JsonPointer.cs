namespace Chronology.Domain.Diffs;

/// <summary>An RFC 6901 JSON Pointer: a list of reference tokens, written "/a/b~1c" ("~" as "~0", "/" as "~1").</summary>
public sealed class JsonPointer
{
    public static readonly JsonPointer Root = new([]);

    private readonly string[] _segments;

    public JsonPointer(IEnumerable<string> segments) => _segments = [.. segments];

    public IReadOnlyList<string> Segments => _segments;

    public bool IsRoot => _segments.Length == 0;

    /// <summary>The pointer to the containing value; the root has none.</summary>
    public JsonPointer Parent => IsRoot
        ? throw new InvalidOperationException("The root pointer has no parent.")
        : new JsonPointer(_segments[..^1]);

    public string LastSegment => IsRoot
        ? throw new InvalidOperationException("The root pointer has no last segment.")
        : _segments[^1];

    public JsonPointer Append(string segment) => new([.. _segments, segment]);

    /// <summary>The first <paramref name="count"/> segments, e.g. to name the part of a path that was missing.</summary>
    public JsonPointer Take(int count) => new(_segments[..count]);

    public bool IsProperPrefixOf(JsonPointer other) =>
        _segments.Length < other._segments.Length && _segments.SequenceEqual(other._segments.Take(_segments.Length));

    public static JsonPointer Parse(string pointer)
    {
        if (pointer.Length == 0)
            return Root;
        if (pointer[0] != '/')
            throw new FormatException($"JSON Pointer \"{pointer}\" must be empty or start with \"/\".");
        return new JsonPointer(pointer[1..].Split('/').Select(segment => Unescape(segment, pointer)));
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public override string ToString() => string.Concat(_segments.Select(segment => "/" + Escape(segment)));

    private static string Unescape(string segment, string pointer)
    {
        for (var i = segment.IndexOf('~'); i >= 0; i = segment.IndexOf('~', i + 1))
        {
            if (i == segment.Length - 1 || (segment[i + 1] != '0' && segment[i + 1] != '1'))
                throw new FormatException($"JSON Pointer \"{pointer}\" has \"~\" not followed by 0 or 1.");
        }
        // Decoding "~0" first would turn "~01" into "/" instead of "~1" (RFC 6901, section 4).
        return segment.Replace("~1", "/").Replace("~0", "~");
    }
}
