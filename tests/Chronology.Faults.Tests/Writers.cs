using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Chronology.Faults.Tests;

/// <summary>A write the API acknowledged: the revision it said it stored, under the Idempotency-Key it was sent with.</summary>
public sealed record Acknowledged(Guid RecordId, int Revision, string Key);

/// <summary>
/// Clients that record outcomes as fast as they are answered, each write with an Idempotency-Key of its own. A write is
/// sent again (same key) until it gets a final answer: a 503 after the Retry-After it names (capped, to keep the run
/// short), a lost connection after a moment. Every 2xx is an acknowledged write that the views must end up showing.
/// </summary>
public sealed class Writers(Uri api, IReadOnlyList<Guid> records, string keyPrefix)
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);
    private int next;

    public ConcurrentBag<Acknowledged> Acknowledged { get; } = [];

    /// <summary>Every answer, retries included.</summary>
    public Answers Answers { get; } = new();

    public int Sent => next;

    /// <summary>Writes from <paramref name="clients"/> clients until <paramref name="stop"/>; a write already begun is seen through.</summary>
    public async Task Run(int clients, CancellationToken stop)
    {
        using var http = Client(api);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (!stop.IsCancellationRequested) await Write(http, Interlocked.Increment(ref next));
        }));
    }

    public static HttpClient Client(Uri api) => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = api,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { { "Authorization", "Bearer " + ChronologyProcess.EditorKey } },
    };

    public static HttpRequestMessage Outcome(Guid record, string key, string text) => new(HttpMethod.Post, $"/records/{record}/outcomes")
    {
        Content = new StringContent(new JsonObject { ["text"] = new JsonObject { ["en"] = text } }.ToJsonString(), Encoding.UTF8, "application/json"),
        Headers = { { "Idempotency-Key", key } },
    };

    private async Task Write(HttpClient http, int number)
    {
        var record = records[number % records.Count];
        var key = $"{keyPrefix}-{number}";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            TimeSpan pause;
            try
            {
                using var answer = await http.SendAsync(Outcome(record, key, $"outcome {number}"));
                var status = (int)answer.StatusCode;
                Answers.Count(answer);
                if (answer.IsSuccessStatusCode)
                {
                    var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
                    Acknowledged.Add(new Acknowledged(record, body["revision"]!.GetValue<int>(), key));
                    return;
                }
                if (answer.StatusCode != HttpStatusCode.ServiceUnavailable && status < 500) return;
                pause = Min(answer.Headers.RetryAfter?.Delta ?? LongestPause, LongestPause);
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                Answers.Count(Answers.Of(failure));
                pause = TimeSpan.FromMilliseconds(100);
            }
            await Task.Delay(pause);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
