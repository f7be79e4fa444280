using Chronology.Domain.Chronologies;
using System.Runtime.CompilerServices;
using Marten;

namespace Chronology.Domain.Imports;

/// <summary>The lines of an uploaded import, read from its <see cref="ImportPart"/> documents one part at a time.</summary>
public static class ImportParts
{
    public static async IAsyncEnumerable<NumberedLine> Lines(IDocumentStore store, ImportJob job, [EnumeratorCancellation] CancellationToken cancellation)
    {
        for (var index = 0; index < job.Parts; index++)
        {
            ImportPart part;
            await using (var session = store.ChronologyQuery())
                part = await session.LoadAsync<ImportPart>(ImportPart.IdFor(job.Id, index), cancellation)
                    ?? throw new InvalidOperationException($"Part {index} of import {job.Id} is missing.");
            await foreach (var line in NdjsonLines.Read(new StringReader(part.Text), part.FirstLine, cancellation))
                yield return line;
        }
    }

    /// <summary>Removes the parts of an upload refused half way (too large, not UTF-8, cut short).</summary>
    public static async Task Delete(IDocumentStore store, Guid jobId, CancellationToken cancellation)
    {
        await using var session = store.ChronologySession();
        session.DeleteWhere<ImportPart>(part => part.JobId == jobId);
        await session.SaveChangesAsync(cancellation);
    }
}
