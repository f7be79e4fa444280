using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;

namespace Chronology.Domain;

/// <summary>
/// Parses JSON a client sent (an HTTP body, an import line) and refuses what would fail later, deep in a decision or in
/// PostgreSQL: invalid UTF-8, a member named twice, and strings PostgreSQL cannot store — an escaped lone surrogate
/// (<c>"\ud800"</c>) or NUL (<c>"\u0000"</c>). Each refusal names the field.
/// </summary>
public static class JsonText
{
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    public static (JsonNode? Json, DomainError? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        // System.Text.Json does not validate the bytes inside strings: it would store U+FFFD in their place.
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) return (null, Malformed("The body is not valid UTF-8."));
        try
        {
            // Strings first: the duplicate-member check unescapes member names and throws on a lone surrogate in one.
            return FirstUnstorableString(utf8) is { } error ? (null, error) : (JsonNode.Parse(utf8, documentOptions: Strict), null);
        }
        catch (JsonException e)
        {
            return (null, Malformed($"The body is not valid JSON: {e.Message}"));
        }
    }

    public static (JsonNode? Json, DomainError? Error) Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// What <see cref="Parse"/> refuses, with the same reasons, without building a tree: for callers that bind the bytes
    /// to their types themselves (the bulk import, which reads each line once).
    /// </summary>
    public static DomainError? Check(ReadOnlyMemory<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span)) return Malformed("The body is not valid UTF-8.");
        try
        {
            if (FirstUnstorableString(utf8.Span) is { } error) return error;
            using var document = JsonDocument.Parse(utf8, Strict);
            return null;
        }
        catch (JsonException e)
        {
            return Malformed($"The body is not valid JSON: {e.Message}");
        }
    }

    private static DomainError Malformed(string message) => new("request.malformed-json", message, RefusalKind.InvalidInput);

    /// <summary>Walks the (already valid) JSON for an escaped string PostgreSQL cannot store, keeping track of where it is.</summary>
    private static DomainError? FirstUnstorableString(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var path = new List<Step>();
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName) &&
                path.Count > 0 && path[^1].InArray)
                path[^1] = path[^1] with { Index = path[^1].Index + 1 };
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    path.Add(new Step(reader.TokenType == JsonTokenType.StartArray, -1, null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    if (Unstorable(ref reader) is { } nameProblem) return Refused(path, $"a member name that {nameProblem}");
                    path[^1] = path[^1] with { Member = reader.GetString() };
                    break;
                case JsonTokenType.String when Unstorable(ref reader) is { } problem:
                    return Refused(path, $"text that {problem}");
            }
        }
        return null;
    }

    /// <summary>One level of the path to a value: an array and the index reached in it, or an object and its member.</summary>
    private sealed record Step(bool InArray, int Index, string? Member)
    {
        public override string ToString() => InArray ? $"[{Index}]" : Member is null ? "" : "." + Member;
    }

    private static string? Unstorable(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return null;
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return "holds an unpaired surrogate escape (such as \\ud800), which is not Unicode text";
        }
        return value.Contains('\0') ? "holds a NUL character (\\u0000)" : null;
    }

    private static DomainError Refused(List<Step> path, string problem)
    {
        var field = string.Concat(path).TrimStart('.');
        if (field.Length == 0) field = "body";
        return DomainError.Invalid(field, $"{field}: {problem}.");
    }
}
