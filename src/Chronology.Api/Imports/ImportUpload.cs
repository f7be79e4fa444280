using Chronology.Domain.Chronologies;
using System.Text;
using Chronology.Domain.Imports;
using Marten;

namespace Chronology.Api.Imports;

/// <summary>
/// Streams an uploaded NDJSON body into PostgreSQL as <see cref="ImportPart"/> documents of whole lines, each stored as
/// soon as it is full, so the API holds at most one part of any upload. Counts the lines that hold something on the way,
/// and refuses what no line can be: bytes that are not UTF-8, and NUL (which PostgreSQL cannot store in text).
/// </summary>
public sealed class ImportUpload(IDocumentStore store, Guid jobId)
{
    public int Lines { get; private set; }

    public int Parts { get; private set; }

    public long Chars { get; private set; }

    /// <summary>Why the upload was refused (its parts are removed then), or null once every part is stored.</summary>
    public async Task<IResult?> Store(Stream body, long limit, CancellationToken cancellation)
    {
        try
        {
            return await Read(body, limit, cancellation) ?? (Lines == 0
                ? Problems.ProblemAnswers.InvalidInput("The import has no lines.", code: "import.empty")
                : null);
        }
        catch (DecoderFallbackException)
        {
            return Problems.ProblemAnswers.InvalidInput("The import is not valid UTF-8.", code: "import.encoding");
        }
        finally
        {
            if (Lines == 0 || Refused) await ImportParts.Delete(store, jobId, CancellationToken.None);
        }
    }

    private bool Refused { get; set; } = true;

    private async Task<IResult?> Read(Stream body, long limit, CancellationToken cancellation)
    {
        using var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var buffer = new char[64 * 1024];
        var pending = new StringBuilder();
        var firstLine = 1;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellation)) > 0)
        {
            Chars += read;
            if (Chars > limit) return Problems.ProblemAnswers.TooLarge(limit);
            pending.Append(buffer, 0, read);
            if (pending.Length < ImportPart.MaxChars) continue;
            var text = pending.ToString();
            var end = text.LastIndexOf('\n') + 1;
            if (end == 0) continue;
            if (await Part(text[..end], firstLine, cancellation) is { } refusal) return refusal;
            firstLine += text.AsSpan(0, end).Count('\n');
            pending.Clear().Append(text, end, text.Length - end);
        }
        if (pending.Length > 0 && await Part(pending.ToString(), firstLine, cancellation) is { } last) return last;
        Refused = false;
        return null;
    }

    private async Task<IResult?> Part(string text, int firstLine, CancellationToken cancellation)
    {
        // PostgreSQL cannot store NUL in text; JSON lines never need one raw (inside strings it is refused per line).
        if (text.IndexOf('\0') is var nul and >= 0)
            return Problems.ProblemAnswers.InvalidInput(
                $"The import holds a NUL character on line {firstLine + text.AsSpan(0, nul).Count('\n')}; NDJSON lines are text.", code: "import.encoding");
        Lines += text.Split('\n').Count(line => line.Trim().Length > 0);
        await using var session = store.ChronologySession();
        session.Store(new ImportPart(ImportPart.IdFor(jobId, Parts), jobId, Parts, firstLine, text));
        await session.SaveChangesAsync(cancellation);
        Parts++;
        return null;
    }
}
