using Marten;

namespace Chronology.Domain.Log;

/// <summary>
/// Proofs and roots from the stored perfect subtrees (<see cref="LogNode"/>) and leaf hashes: a proof needs O(log n)
/// subtree hashes, each made of O(log n) perfect ones, read in two queries (nodes, leaves) whatever the log's size.
/// A node a log written before nodes were stored lacks is computed from its leaves (and a rebuild of the log stores it).
/// </summary>
public static class StoredSubtrees
{
    public static Task<List<byte[]>> InclusionProof(IQuerySession session, long index, long size, CancellationToken cancellation) =>
        Compute(session, subtree => MerkleTree.InclusionProof(size, index, subtree), cancellation);

    public static Task<List<byte[]>> ConsistencyProof(IQuerySession session, long first, long second, CancellationToken cancellation) =>
        Compute(session, subtree => MerkleTree.ConsistencyProof(second, first, subtree), cancellation);

    public static async Task<byte[]> Root(IQuerySession session, long size, CancellationToken cancellation) =>
        size == 0 ? MerkleTree.Root([]) : (await Compute(session, subtree => new List<byte[]> { subtree(0, size) }, cancellation))[0];

    /// <summary>
    /// The perfect subtrees a tree of <paramref name="size"/> leaves decomposes into, leftmost first, as a
    /// <see cref="CompactRange"/> would hold them: where the log projection goes on appending.
    /// </summary>
    public static async Task<List<(int Height, long Start, byte[] Hash)>> Frontier(
        IQuerySession session, long size, List<LogNode> computed, CancellationToken cancellation)
    {
        var parts = new List<(int Height, long Start)>();
        for (var (height, start) = (62, 0L); height >= 0; height--)
            if ((size & (1L << height)) != 0)
            {
                parts.Add((height, start));
                start += 1L << height;
            }
        var hashes = await Load(session, parts, cancellation, computed);
        return [.. parts.Select(part => (part.Height, part.Start, hashes[part]))];
    }

    /// <summary>Runs <paramref name="proof"/> once to learn which subtrees it reads, loads them, and runs it on the loaded hashes.</summary>
    private static async Task<List<byte[]>> Compute(IQuerySession session, Func<SubtreeHash, List<byte[]>> proof, CancellationToken cancellation)
    {
        var wanted = new List<(int, long)>();
        proof((start, count) =>
        {
            wanted.AddRange(MerkleTree.PerfectParts(start, count));
            return new byte[32];
        });
        var hashes = await Load(session, wanted.Distinct(), cancellation);
        return proof((start, count) => MerkleTree.Subtree(start, count, (height, first) => hashes[(height, first)]));
    }

    /// <summary>The hashes of the perfect subtrees; those computed from their leaves (not stored yet) are added to <paramref name="computed"/>.</summary>
    private static async Task<Dictionary<(int Height, long Start), byte[]>> Load(
        IQuerySession session, IEnumerable<(int Height, long Start)> parts, CancellationToken cancellation, List<LogNode>? computed = null)
    {
        var wanted = parts.ToList();
        var leaves = wanted.Where(part => part.Height == 0).Select(part => part.Start).ToArray();
        var hashes = new Dictionary<(int Height, long Start), byte[]>();
        if (leaves.Length > 0)
            foreach (var (index, hash) in await TransparencyLog.LeafHashesAt(session, leaves, cancellation)) hashes[(0, index)] = hash;
        var nodes = wanted.Where(part => part.Height > 0).ToList();
        if (nodes.Count > 0)
        {
            var stored = (await session.LoadManyAsync<LogNode>(cancellation, nodes.Select(node => LogNode.IdFor(node.Height, node.Start))))
                .ToDictionary(node => node.Id, node => node.Hash);
            foreach (var node in nodes)
            {
                var id = LogNode.IdFor(node.Height, node.Start);
                if (stored.TryGetValue(id, out var hash))
                {
                    hashes[node] = hash;
                    continue;
                }
                var below = await TransparencyLog.LeafHashes(session, node.Start, node.Start + (1L << node.Height), cancellation);
                if (below.Count != 1L << node.Height) continue;
                hashes[node] = MerkleTree.Root(below);
                computed?.Add(new LogNode(id, hashes[node]));
            }
        }
        foreach (var part in wanted.Where(part => !hashes.ContainsKey(part)))
            throw new InvalidOperationException($"The log has no entry {part.Start}.");
        return hashes;
    }
}
