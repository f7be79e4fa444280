using System.Net.Sockets;
using System.Text;

namespace Chronology.Faults.Tests.Fuzzing;

/// <summary>An answer as it came over the wire.</summary>
public sealed record RawAnswer(int Status, string? ContentType, string Body);

/// <summary>
/// HTTP/1.1 written byte by byte on a socket of its own: HttpClient refuses to send most of what the fuzzer must send
/// (header bytes outside ASCII, bodies that are not UTF-8, a Content-Type it would "fix").
/// </summary>
public static class RawHttp
{
    /// <summary>Sends one request and reads the answer to its end, or only its head for a stream that never ends.</summary>
    public static async Task<RawAnswer> Send(
        Uri api, string method, string target, IReadOnlyList<(string Name, byte[] Value)> headers, byte[]? body, bool headOnly = false)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(api.Host, api.Port);
        var stream = socket.GetStream();
        var request = new MemoryStream();
        void Write(string text) => request.Write(Encoding.ASCII.GetBytes(text));
        Write($"{method} {target} HTTP/1.1\r\nHost: {api.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            Write(name + ": ");
            request.Write(value);
            Write("\r\n");
        }
        if (body is not null) Write($"Content-Length: {body.Length}\r\n");
        Write("\r\n");
        if (body is not null) request.Write(body);
        await stream.WriteAsync(request.ToArray());

        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            answer.Write(buffer, 0, read);
            if (headOnly && answer.GetBuffer().AsSpan(0, (int)answer.Length).IndexOf("\r\n\r\n"u8) >= 0) break;
        }
        return Parse(answer.ToArray());
    }

    private static RawAnswer Parse(byte[] bytes)
    {
        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0) return new RawAnswer(0, null, Encoding.UTF8.GetString(bytes));
        var lines = Encoding.Latin1.GetString(bytes, 0, headerEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(line => line.Split(':', 2)).Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim(), StringComparer.Ordinal);
        var body = bytes[(headerEnd + 4)..];
        if (headers.GetValueOrDefault("transfer-encoding") == "chunked") body = Unchunked(body);
        return new RawAnswer(status, headers.GetValueOrDefault("content-type"), Encoding.UTF8.GetString(body));
    }

    private static byte[] Unchunked(byte[] chunked)
    {
        var body = new MemoryStream();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, lineEnd).Split(';')[0], 16);
            if (size == 0) break;
            var start = at + lineEnd + 2;
            body.Write(chunked, start, Math.Min(size, chunked.Length - start));
            at = start + size + 2;
        }
        return body.ToArray();
    }
}
