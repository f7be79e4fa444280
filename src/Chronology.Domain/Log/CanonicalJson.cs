using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Domain.Log;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: members sorted by their UTF-16 code units, no whitespace, strings escaped as
/// ECMAScript's JSON.stringify does, numbers in ECMAScript's shortest form. Any JCS implementation gives the same bytes,
/// which is what lets a verifier in another language recompute our leaves and signatures.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    public static byte[] Utf8(JsonNode? node) => Encoding.UTF8.GetBytes(Serialize(node));

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject members:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in members.OrderBy(member => member.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(text, name);
                    text.Append(':');
                    Write(text, value);
                }
                text.Append('}');
                break;
            case JsonArray items:
                text.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Write(text, items[i]);
                }
                text.Append(']');
                break;
            case JsonValue value:
                // Values parsed from text hold a JsonElement; values built in code (numbers, flags) are turned into one.
                WriteValue(text, value.TryGetValue<JsonElement>(out var element) ? element : JsonSerializer.SerializeToElement(value));
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(Number(value.GetDouble()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new ArgumentException($"A JSON value of kind {value.ValueKind} has no canonical form.");
        }
    }

    /// <summary>RFC 8785 §3.2.2.2: only the quote, the backslash and the C0 controls are escaped, the controls that have one by their short escape.</summary>
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    /// <summary>RFC 8785 §3.2.2.3: ECMAScript's Number.prototype.toString, built from the shortest round-trip digits.</summary>
    internal static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new ArgumentException("NaN and infinities have no JSON form.");
        if (value == 0) return "0";
        var negative = value < 0;
        // .NET's "R" is the shortest string that round-trips, as ECMAScript requires; only its layout differs.
        var (digits, exponent) = Decompose(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var k = digits.Length;
        var n = exponent; // value = 0.digits × 10^n
        string body;
        if (k <= n && n <= 21) body = digits + new string('0', n - k);
        else if (0 < n && n <= 21) body = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0) body = "0." + new string('0', -n) + digits;
        else
        {
            var e = n - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            body = mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + body : body;
    }

    /// <summary>Significant digits (no leading or trailing zeros) and n such that the value is 0.digits × 10^n.</summary>
    private static (string Digits, int N) Decompose(string formatted)
    {
        var exponentAt = formatted.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? formatted : formatted[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(formatted[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        var all = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, integerDigits + exponent - leading);
    }
}
