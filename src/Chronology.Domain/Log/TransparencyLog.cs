using Marten;

namespace Chronology.Domain.Log;

/// <summary>Reads of the stored log that the signer, the proofs and the verification share.</summary>
public static class TransparencyLog
{
    public static async Task<long> Size(IQuerySession session, CancellationToken cancellation) =>
        (await session.QueryAsync<long>($"select coalesce(max(index) + 1, 0) from {Table(session)}", cancellation)).Single();

    /// <summary>The stored leaf hashes of entries [start, end), in order.</summary>
    public static async Task<List<byte[]>> LeafHashes(IQuerySession session, long start, long end, CancellationToken cancellation) =>
        [.. (await session.QueryAsync<string>(
                $"select data ->> 'leafHash' from {Table(session)} where index >= ? and index < ? order by index", cancellation, start, end))
            .Select(Convert.FromBase64String)];

    /// <summary>The stored leaf hashes of the given entries, by index.</summary>
    public static async Task<Dictionary<long, byte[]>> LeafHashesAt(IQuerySession session, long[] indexes, CancellationToken cancellation) =>
        (await session.QueryAsync<string>(
                $"select json_build_array(index, data ->> 'leafHash')::text from {Table(session)} where index = any(?)", cancellation, indexes))
            .Select(row => System.Text.Json.Nodes.JsonNode.Parse(row)!.AsArray())
            .ToDictionary(row => row[0]!.GetValue<long>(), row => Convert.FromBase64String(row[1]!.GetValue<string>()));

    public static async Task ExtendTo(IQuerySession session, CompactRange range, long size, CancellationToken cancellation)
    {
        const int Page = 50_000;
        while (range.Size < size)
        {
            var hashes = await LeafHashes(session, range.Size, Math.Min(size, range.Size + Page), cancellation);
            if (hashes.Count == 0) throw new InvalidOperationException($"The log has no entry {range.Size}.");
            foreach (var hash in hashes) range.Append(hash);
        }
    }

    public static string Table(IQuerySession session) =>
        $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_logentry";
}
