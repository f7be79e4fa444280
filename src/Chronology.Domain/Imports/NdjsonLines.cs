using System.Runtime.CompilerServices;
using System.Text;

namespace Chronology.Domain.Imports;

/// <summary>
/// Reads NDJSON as a stream of numbered lines, one buffer at a time, so a file of any size is never held whole. Lines end
/// at '\n' only (a '\r' before it is trimmed with the other white space), the same numbering a client gets by counting
/// newlines in its file.
/// </summary>
public static class NdjsonLines
{
    private const int BufferChars = 64 * 1024;

    public static async IAsyncEnumerable<NumberedLine> Read(TextReader reader, int firstNumber = 1, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var buffer = new char[BufferChars];
        var line = new StringBuilder();
        var number = firstNumber;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellation)) > 0)
        {
            var start = 0;
            for (var newline = Array.IndexOf(buffer, '\n', 0, read); newline >= 0; newline = Array.IndexOf(buffer, '\n', start, read - start))
            {
                line.Append(buffer, start, newline - start);
                yield return new NumberedLine(number++, line.ToString());
                line.Clear();
                start = newline + 1;
            }
            line.Append(buffer, start, read - start);
        }
        if (line.Length > 0) yield return new NumberedLine(number, line.ToString());
    }

    /// <summary>The lines that hold something, trimmed: blank lines are passed over (and keep their numbers).</summary>
    public static async IAsyncEnumerable<NumberedLine> NonBlank(this IAsyncEnumerable<NumberedLine> lines, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await foreach (var line in lines.WithCancellation(cancellation))
            if (line.Text.Trim() is { Length: > 0 } text) yield return line with { Text = text };
    }

    /// <summary>How many lines of <paramref name="reader"/> hold something, read through once.</summary>
    public static async Task<int> CountNonBlank(TextReader reader, CancellationToken cancellation)
    {
        var count = 0;
        await foreach (var _ in Read(reader, cancellation: cancellation).NonBlank(cancellation)) count++;
        return count;
    }
}
