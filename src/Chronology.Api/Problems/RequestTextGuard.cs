using System.Text;

namespace Chronology.Api.Problems;

/// <summary>
/// Refuses, before any endpoint runs, text that no endpoint could use and that PostgreSQL would refuse later: in the query
/// (names and values) percent-encoded bytes that are not UTF-8, and control characters such as NUL; in the headers the
/// API reads, anything but printable ASCII (If-Match and Idempotency-Key are checked where edits read them, with codes
/// of their own). Kestrel decodes header bytes as Latin-1 (see Program.cs) so that such headers reach the app and get a
/// problem answer, instead of Kestrel's bare 400.
/// </summary>
public static class RequestTextGuard
{
    private static readonly string[] InterpretedHeaders = ["Authorization", "Accept", "Content-Type", "X-Correlation-Id", "Last-Event-ID"];

    public static IApplicationBuilder UseRequestTextGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Refusal(http.Request) is { } problem) await problem.ExecuteAsync(http);
        else await next(http);
    });

    private static IResult? Refusal(HttpRequest request)
    {
        foreach (var pair in (request.QueryString.Value ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=');
            var name = separator < 0 ? pair : pair[..separator];
            if (Unusable(name) is { } nameProblem) return Refused("query", "a query parameter name", nameProblem);
            if (separator >= 0 && Unusable(pair[(separator + 1)..]) is { } valueProblem)
                return Refused(Decoded(name) ?? "query", $"query parameter {Decoded(name)}", valueProblem);
        }
        foreach (var header in InterpretedHeaders)
            if (request.Headers.TryGetValue(header, out var values) && values.ToString().Any(c => c is < ' ' or > '~' and not '\t'))
                return Refused(header, $"the {header} header", "holds characters other than printable ASCII");
        return null;
    }

    private static IResult Refused(string field, string what, string problem) => ProblemAnswers.InvalidInput(
        $"{what} {problem}.", new Dictionary<string, string[]> { [field] = [problem + "."] }, "request.invalid-text");

    /// <summary>Why a percent-encoded query part is unusable, or null: it must decode to UTF-8 text without control characters.</summary>
    private static string? Unusable(string encoded)
    {
        var bytes = PercentDecoded(encoded);
        if (bytes is null || !System.Text.Unicode.Utf8.IsValid(bytes)) return "is not percent-encoded UTF-8 text";
        return bytes.Any(b => b is < 0x20 or 0x7f) ? "holds a control character (such as NUL, %00)" : null;
    }

    private static string? Decoded(string encoded) => PercentDecoded(encoded) is { } bytes && System.Text.Unicode.Utf8.IsValid(bytes)
        ? Encoding.UTF8.GetString(bytes)
        : null;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes a query part stands for (<c>+</c> is a space), or null when it is not well-formed.</summary>
    private static byte[]? PercentDecoded(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        var literal = new StringBuilder();
        try
        {
            for (var i = 0; i < encoded.Length; i++)
            {
                if (encoded[i] != '%')
                {
                    literal.Append(encoded[i] == '+' ? ' ' : encoded[i]);
                    continue;
                }
                if (i + 2 >= encoded.Length ||
                    !byte.TryParse(encoded.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value))
                    return null;
                bytes.AddRange(StrictUtf8.GetBytes(literal.ToString()));
                literal.Clear();
                bytes.Add(value);
                i += 2;
            }
            bytes.AddRange(StrictUtf8.GetBytes(literal.ToString()));
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
        return bytes.ToArray();
    }
}
