using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Faults.Tests.Fuzzing;

/// <summary>One request the fuzzer sends, and what it exercises: the operation, the kind of mutation and where it went.</summary>
public sealed record FuzzRequest(Operation Operation, string Family, string Field, string Target, IReadOnlyList<(string Name, byte[] Value)> Headers, byte[]? Body)
{
    public override string ToString() =>
        $"{Operation.Method} {Target} [{Family} {Field}] {(Body is null ? "" : Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 160))))}";
}

/// <summary>
/// Derives hostile requests from the contract's body shapes and parameters with a fixed seed: mutated types, invalid
/// Unicode, NUL, huge and deeply nested JSON, duplicate members, oversized and malformed bodies, bad headers and query
/// values. Every answer must be below 500, and every 4xx an RFC 9457 problem (application/problem+json with its status).
/// </summary>
public sealed class RequestFuzzer(Uri api, IReadOnlyList<Operation> operations, KnownIds ids, int seed)
{
    private const string Placeholder = "@@MUTATION@@";
    private const string Duplicate = "@@DUPLICATE@@";
    private readonly Random random = new(seed);

    /// <summary>Operation → the mutations sent to it ("body title.en", "query limit", "header If-Match", …).</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, int>> Coverage { get; } = new();

    public Answers Answers { get; } = new();

    public ConcurrentBag<string> Failures { get; } = [];

    public async Task Run(int requests, int clients)
    {
        var all = Enumerable.Range(0, requests).Select(_ => Next()).ToList();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (request, _) =>
        {
            Coverage.GetOrAdd(request.Operation.Id, _ => new()).AddOrUpdate($"{request.Family} {request.Field}", 1, (_, n) => n + 1);
            RawAnswer answer;
            try
            {
                answer = await RawHttp.Send(api, request.Operation.Method, request.Target, request.Headers, request.Body,
                    headOnly: request.Operation.Id == "changeStream");
            }
            catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                Answers.Count(failure.GetType().Name);
                Failures.Add($"{failure.GetType().Name}: {request}");
                return;
            }
            Answers.Count(answer.Status.ToString());
            if (Problem(answer) is { } problem) Failures.Add($"{problem}: {request}");
        });
    }

    /// <summary>What is wrong with an answer, or null: a 5xx, or a 4xx that is not a problem document of that status.</summary>
    private static string? Problem(RawAnswer answer)
    {
        if (answer.Status >= 500 || answer.Status == 0) return $"answered {answer.Status} {Shorten(answer.Body)}";
        if (answer.Status < 400) return null;
        if (answer.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
            return $"answered {answer.Status} as {answer.ContentType ?? "no content type"}: {Shorten(answer.Body)}";
        try
        {
            var body = JsonNode.Parse(answer.Body);
            return body?["status"]?.GetValue<int>() == answer.Status && body["type"] is not null ? null : $"answered {answer.Status} with a problem lacking status or type";
        }
        catch (JsonException)
        {
            return $"answered {answer.Status} with a problem body that is not JSON";
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] : text;

    private FuzzRequest Next()
    {
        var operation = operations[random.Next(operations.Count)];
        var sample = operation.BodySchema is null ? null : Samples.Of(operation.BodySchema, "body", ids);
        var paths = Samples.Paths(sample).ToList();
        var roll = random.Next(100);
        return roll switch
        {
            < 40 when paths.Count > 0 => BodyField(operation, sample!, paths[random.Next(paths.Count)]),
            < 55 when sample is not null => WholeBody(operation, sample),
            < 75 when operation.Query.Count > 0 => QueryValue(operation, sample),
            < 90 => HeaderValue(operation, sample),
            < 95 => PathValue(operation, sample),
            _ => Request(operation, "valid", "-", Target(operation), Body(operation, sample)),
        };
    }

    private FuzzRequest BodyField(Operation operation, JsonNode sample, string path)
    {
        var body = sample.DeepClone();
        if (random.Next(8) == 0 && Find(body, path) is JsonObject members && members.Count > 0)
        {
            var first = members.First().Key;
            members[first + Duplicate] = members[first]?.DeepClone();
            return Request(operation, "duplicate member", path, Target(operation), Serialized(operation, body).Replace($"\"{first}{Duplicate}\"", $"\"{first}\""));
        }
        var (kind, fragment) = Values[random.Next(Values.Length)];
        Set(body, path, JsonValue.Create(Placeholder));
        return Request(operation, "body " + kind, path, Target(operation), Serialized(operation, body).Replace($"\"{Placeholder}\"", fragment()));
    }

    private FuzzRequest WholeBody(Operation operation, JsonNode sample)
    {
        var (kind, bytes) = Bodies[random.Next(Bodies.Length)];
        return Request(operation, "whole body", kind, Target(operation), bytes(Serialized(operation, sample)));
    }

    private FuzzRequest QueryValue(Operation operation, JsonNode? sample)
    {
        var parameter = operation.Query[random.Next(operation.Query.Count)];
        var value = QueryValues[random.Next(QueryValues.Length)];
        var target = $"{Target(operation)}?{parameter}={value}" + (random.Next(10) == 0 ? $"&{parameter}=1" : "");
        return Request(operation, "query", parameter, target, Body(operation, sample));
    }

    private FuzzRequest HeaderValue(Operation operation, JsonNode? sample)
    {
        var (name, values) = Headers[random.Next(Headers.Length)];
        var value = values[random.Next(values.Length)];
        return Request(operation, "header", name, Target(operation), Body(operation, sample), (name, value));
    }

    private FuzzRequest PathValue(Operation operation, JsonNode? sample)
    {
        var id = PathIds[random.Next(PathIds.Length)];
        var target = operation.Path.Contains('{') ? System.Text.RegularExpressions.Regex.Replace(Target(operation), "[0-9a-f]{8}-[0-9a-f-]{27}", id, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)) : Target(operation) + "/" + id;
        return Request(operation, "path", "id", target, Body(operation, sample));
    }

    private static FuzzRequest Request(Operation operation, string family, string field, string target, string? body, params (string, byte[])[] extra) =>
        Request(operation, family, field, target, body is null ? null : Encoding.UTF8.GetBytes(body), extra);

    private static FuzzRequest Request(Operation operation, string family, string field, string target, byte[]? body, params (string Name, byte[] Value)[] extra)
    {
        var headers = new List<(string, byte[])>();
        if (extra.All(header => header.Name != "Authorization")) headers.Add(("Authorization", Encoding.ASCII.GetBytes("Bearer " + ChronologyProcess.AdminKey)));
        if (body is not null && extra.All(header => header.Name != "Content-Type"))
            headers.Add(("Content-Type", Encoding.ASCII.GetBytes(operation.ContentType ?? "application/json")));
        headers.AddRange(extra);
        return new FuzzRequest(operation, family, field, target, headers, operation.Method is "GET" or "DELETE" && family != "whole body" ? null : body);
    }

    private string? Body(Operation operation, JsonNode? sample) => sample is null ? null : Serialized(operation, sample);

    /// <summary>The body as sent: JSON, or two NDJSON lines for an import.</summary>
    private static string Serialized(Operation operation, JsonNode body) => operation.ContentType == "application/x-ndjson"
        ? body.ToJsonString() + "\n" + body.ToJsonString().Replace("統一閣", "和平之家") + "\n"
        : body.ToJsonString();

    private string Target(Operation operation) => operation.Path
        .Replace("{id}", operation.Id is "importStatus" or "rebuildStatus" or "recoveryStatus" ? Guid.NewGuid().ToString() : ids.Record.ToString())
        .Replace("{pid}", ids.Participant.ToString())
        .Replace("{oid}", ids.Outcome.ToString())
        .Replace("{sid}", ids.Source.ToString())
        .Replace("{lid}", ids.Link.ToString())
        // A rebuild or a retry of a real projection would keep the worker busy for the rest of the run.
        .Replace("{name}", operation.Id == "skipProjectionEvent" ? "records" : "nonesuch");

    private static JsonNode? Find(JsonNode node, string path)
    {
        JsonNode? at = node;
        foreach (var step in Steps(path)) at = step is int index ? at?[index] : at?[(string)step];
        return at;
    }

    private static void Set(JsonNode node, string path, JsonNode value)
    {
        var steps = Steps(path).ToList();
        var parent = steps.Count == 1 ? node : Find(node, string.Join("", Rejoin(steps[..^1])));
        if (steps[^1] is int index) parent![index] = value;
        else parent![(string)steps[^1]] = value;
    }

    private static IEnumerable<object> Steps(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0) yield return name;
            if (bracket >= 0)
                foreach (var index in part[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries)) yield return int.Parse(index);
        }
    }

    private static IEnumerable<string> Rejoin(IEnumerable<object> steps)
    {
        var first = true;
        foreach (var step in steps)
        {
            yield return step is int index ? $"[{index}]" : first ? (string)step : "." + step;
            first = false;
        }
    }

    private static readonly (string Kind, Func<string> Fragment)[] Values =
    [
        ("number", () => "0"), ("negative", () => "-1"), ("huge number", () => "1.5e308"), ("beyond long", () => "-9223372036854775809"),
        ("boolean", () => "true"), ("null", () => "null"), ("empty text", () => "\"\""), ("array", () => "[]"), ("object", () => "{}"),
        ("null item", () => "[null]"), ("object of null", () => """{"en":null}"""),
        ("lone high surrogate", () => "\"\\ud800\""), ("lone low surrogate", () => "\"a\\udfffb\""), ("reversed pair", () => "\"\\udc00\\ud800\""),
        ("NUL", () => "\"\\u0000\""), ("NUL inside", () => "\"x\\u0000y\""), ("noncharacter", () => "\"\\uffff\""), ("emoji", () => "\"🙂\""),
        ("long text", () => JsonSerializer.Serialize(new string('長', 20_000))),
        ("far year", () => "\"Y99999999999999999999\""), ("far past", () => "\"Y-99999999999999999999\""),
        ("last instant", () => "\"9999-12-31T23:59:59Z\""), ("no such day", () => "\"2018-02-30\""), ("open interval", () => "\"2018-06/..\""),
        ("deep array", () => new string('[', 40) + new string(']', 40)), ("deep object", () => string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40)),
        ("bad id", () => "\"not-a-guid\""), ("empty id", () => "\"00000000-0000-0000-0000-000000000000\""),
    ];

    private static readonly (string Kind, Func<string, byte[]> Bytes)[] Bodies =
    [
        ("empty", _ => []), ("null", _ => "null"u8.ToArray()), ("array", _ => "[]"u8.ToArray()), ("text", _ => "\"text\""u8.ToArray()),
        ("truncated", valid => Encoding.UTF8.GetBytes(valid[..(valid.Length / 2)])), ("not JSON", _ => "kind=summit"u8.ToArray()),
        ("invalid UTF-8", valid => [.. Encoding.UTF8.GetBytes(valid[..^1]), 0xC3, 0x28, (byte)'}']),
        ("Latin-1", valid => Encoding.Latin1.GetBytes(valid.Replace("統一閣", "Tongilgak é"))),
        ("byte order mark", valid => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)]),
        ("NUL bytes", _ => new byte[64]), ("over 256 KiB", _ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new string('x', 300_000)))),
        ("ten thousand members", _ => Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"m{i}\":{i}")) + "}")),
        ("nested 200 deep", _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200))),
        ("duplicate members", valid => Encoding.UTF8.GetBytes(valid.StartsWith('{') && valid.Length > 2 ? "{\"comment\":\"a\",\"comment\":\"b\"," + valid[1..] : valid)),
    ];

    private static readonly string[] QueryValues =
    [
        "%00", "a%00b", "%ZZ", "%", "%ED%A0%80", "%C3%28", "%FF", new string('a', 4000), "-1", "0", "501", "99999999999999999999", "1e3",
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "%2B275760-09-13T00:00:00Z", "Y99999999999999999999", "Y-99999999999999999999",
        "2018-02-30", "..", "2018-06%2F..", "%E5%92%8C%E5%B9%B3", "%25", "%27%3B%20drop%20table%20x", "null", "true", "%E2%80%AE", "+",
    ];

    private static readonly string[] PathIds = ["not-a-guid", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "%E5%92%8C", "..%2F..", "1"];

    private static readonly (string Name, byte[][] Values)[] Headers =
    [
        ("Idempotency-Key", [""u8.ToArray(), "   "u8.ToArray(), [0xE9, 0xE8], Encoding.ASCII.GetBytes(new string('k', 300)), "\t"u8.ToArray(), "cl\u00c3\u00a9"u8.ToArray()]),
        ("If-Match", ["W/\"1\""u8.ToArray(), "*"u8.ToArray(), "\"abc\""u8.ToArray(), "\"0\""u8.ToArray(), "\"99999999999\""u8.ToArray(), [0x22, 0xE9, 0x22], "\"1\", \"2\""u8.ToArray(), "1"u8.ToArray()]),
        ("Content-Type", ["text/plain"u8.ToArray(), "application/json; charset=latin1"u8.ToArray(), "application/x-ndjson"u8.ToArray(), ""u8.ToArray(), "*/*"u8.ToArray(), [0xE9]]),
        ("Accept", ["text/html"u8.ToArray(), "application/ld+json"u8.ToArray(), "text/calendar"u8.ToArray(), "text/csv"u8.ToArray(), "*/*;q=0"u8.ToArray(), [0xE9, 0xE8], "application/problem+json"u8.ToArray()]),
        ("Authorization", ["Bearer "u8.ToArray(), "Basic eHl6"u8.ToArray(), [.. "Bearer "u8.ToArray(), 0xE9, 0xE8], Encoding.ASCII.GetBytes("Bearer " + new string('k', 5000))]),
        ("X-Correlation-Id", [[0xE9, 0xE8], Encoding.ASCII.GetBytes(new string('c', 10_000)), "\t"u8.ToArray()]),
        ("Last-Event-ID", ["-1"u8.ToArray(), "abc"u8.ToArray(), "99999999999999999999"u8.ToArray(), [0xE9]]),
    ];
}
