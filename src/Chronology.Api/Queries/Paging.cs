using System.Text;

namespace Chronology.Api.Queries;

/// <summary><c>limit</c> (1–500, default 50) and an opaque <c>after</c> cursor from the previous page's <c>next</c>.</summary>
public sealed record Paging(int Limit, string? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static (Paging? Paging, IResult? Problem) Read(string? limitText, string? after)
    {
        var limit = DefaultLimit;
        var text = limitText ?? "";
        if (text.Length > 0 && (!int.TryParse(text, out limit) || limit is < 1 or > MaxLimit))
            return (null, Problems.ProblemAnswers.InvalidInput($"limit must be a whole number from 1 to {MaxLimit}; got '{text}'.",
                new Dictionary<string, string[]> { ["limit"] = [$"must be from 1 to {MaxLimit}."] }));
        return (new Paging(limit, string.IsNullOrEmpty(after) ? null : after), null);
    }

    public static string Encode(params object[] parts) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|', parts))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor's parts, or null when it is not one of ours.</summary>
    public string[]? Decode(int parts)
    {
        if (After is null) return null;
        try
        {
            var padded = After.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return decoded.Length == parts ? decoded : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static IResult BadCursor() => Problems.ProblemAnswers.InvalidInput(
        "after is not a cursor this API gave; pass the previous page's next value.",
        new Dictionary<string, string[]> { ["after"] = ["is not a valid cursor."] });
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
