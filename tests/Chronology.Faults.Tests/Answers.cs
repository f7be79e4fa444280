using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Sockets;

namespace Chronology.Faults.Tests;

/// <summary>
/// How many requests got each answer: a status code, or what happened to the connection instead. Where a 503 must say
/// when to retry (every endpoint but the health checks), one that does not is counted apart, as broken.
/// </summary>
public sealed class Answers(bool unavailableSaysWhenToRetry = true)
{
    private readonly ConcurrentDictionary<string, int> counts = new();

    public void Count(string answer) => counts.AddOrUpdate(answer, 1, (_, count) => count + 1);

    public void Count(HttpResponseMessage answer)
    {
        var status = (int)answer.StatusCode;
        Count(status == 503 && unavailableSaysWhenToRetry && answer.Headers.RetryAfter is null ? "503 without Retry-After" : status.ToString());
    }

    public int Of(string answer) => counts.GetValueOrDefault(answer);

    public int Where(Func<string, bool> answer) => counts.Where(pair => answer(pair.Key)).Sum(pair => pair.Value);

    public int Total => counts.Values.Sum();

    /// <summary>Answers that break a promise: any 5xx but a 503 that says when to retry.</summary>
    public int Broken => Where(answer => answer.StartsWith('5') && answer != "503");

    public static string Of(Exception failure) => failure switch
    {
        TaskCanceledException => "timed out",
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => "connection refused",
        HttpRequestException => "connection failed",
        _ => failure.GetType().Name,
    };

    public override string ToString() => string.Join(", ", counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}"));
}
