using System.Numerics;
using System.Security.Cryptography;

namespace Chronology.Domain.Log;

/// <summary>
/// The Merkle tree of RFC 9162 §2.1 (the same as RFC 6962's, which Certificate Transparency libraries implement):
/// leaf hash SHA-256(0x00 ‖ leaf), interior node SHA-256(0x01 ‖ left ‖ right), a tree of n leaves split at the largest
/// power of two below n. Proofs are built from the leaf hashes of the tree's first <c>size</c> leaves.
/// </summary>
public static class MerkleTree
{
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var prefixed = new byte[leaf.Length + 1];
        leaf.CopyTo(prefixed.AsSpan(1));
        return SHA256.HashData(prefixed);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> node = stackalloc byte[1 + left.Length + right.Length];
        node[0] = 1;
        left.CopyTo(node[1..]);
        right.CopyTo(node[(1 + left.Length)..]);
        return SHA256.HashData(node);
    }

    /// <summary>MTH(D[n]) of §2.1.1; the empty tree's hash is SHA-256 of nothing.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) =>
        leafHashes.Count == 0 ? SHA256.HashData([]) : Subtree(leafHashes, 0, leafHashes.Count);

    /// <summary>PATH(m, D[n]) of §2.1.3.1: the audit path of leaf <paramref name="index"/> in the tree of all the leaves given.</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index) =>
        InclusionProof(leafHashes.Count, index, (start, count) => Subtree(leafHashes, (int)start, (int)count));

    /// <summary>PROOF(m, D[n]) of §2.1.4.1: that the tree of the first <paramref name="first"/> leaves is a prefix of the tree of all of them.</summary>
    public static List<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, int first) =>
        ConsistencyProof(leafHashes.Count, first, (start, count) => Subtree(leafHashes, (int)start, (int)count));

    /// <summary>PATH(m, D[n]) with the hashes of the subtrees it needs taken from <paramref name="subtree"/> (MTH of a range of leaves).</summary>
    public static List<byte[]> InclusionProof(long size, long index, SubtreeHash subtree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        Path(subtree, index, 0, size, path);
        return path;
    }

    /// <summary>PROOF(m, D[n]) with the hashes of the subtrees it needs taken from <paramref name="subtree"/>.</summary>
    public static List<byte[]> ConsistencyProof(long size, long first, SubtreeHash subtree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, size);
        var proof = new List<byte[]>();
        if (first > 0 && first < size) SubProof(subtree, first, 0, size, true, proof);
        return proof;
    }

    /// <summary>
    /// MTH(D[start:start+count]) of a subtree of the §2.1.1 tree from the hashes of the perfect subtrees it is made of
    /// (<see cref="PerfectParts"/>): a subtree of 2^h leaves is one of them, any other is split as §2.1.1 splits it.
    /// </summary>
    public static byte[] Subtree(long start, long count, Func<int, long, byte[]> perfect)
    {
        if (BitOperations.IsPow2(count)) return perfect(BitOperations.Log2((ulong)count), start);
        var k = Split(count);
        return NodeHash(Subtree(start, k, perfect), Subtree(start + k, count - k, perfect));
    }

    /// <summary>The perfect subtrees (height, first leaf) that <see cref="Subtree(long, long, Func{int, long, byte[]})"/> reads for a range.</summary>
    public static IEnumerable<(int Height, long Start)> PerfectParts(long start, long count)
    {
        if (BitOperations.IsPow2(count))
        {
            yield return (BitOperations.Log2((ulong)count), start);
            yield break;
        }
        var k = Split(count);
        foreach (var part in PerfectParts(start, k).Concat(PerfectParts(start + k, count - k))) yield return part;
    }

    /// <summary>§2.1.3.2: whether <paramref name="proof"/> shows the leaf at <paramref name="index"/> in the tree of <paramref name="size"/> leaves with this root.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        var (fn, sn) = (index, size - 1);
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) (fn, sn) = (fn >> 1, sn >> 1);
            }
            else r = NodeHash(r, p);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>§2.1.4.2: whether <paramref name="proof"/> shows the tree of <paramref name="first"/> leaves to be a prefix of the tree of <paramref name="second"/>.</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 0 || second < first) return false;
        if (first == second) return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (first == 0) return proof.Count == 0;
        if (proof.Count == 0) return false;
        var path = BitOperations.IsPow2(first) ? [firstRoot.ToArray(), .. proof] : proof.ToList();
        var (fn, sn) = (first - 1, second - 1);
        while ((fn & 1) == 1) (fn, sn) = (fn >> 1, sn >> 1);
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) (fn, sn) = (fn >> 1, sn >> 1);
            }
            else sr = NodeHash(sr, c);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where §2.1.1 splits a tree.</summary>
    internal static int Split(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)n) >> 1;

    private static long Split(long n) => (long)(BitOperations.RoundUpToPowerOf2((ulong)n) >> 1);

    private static byte[] Subtree(IReadOnlyList<byte[]> leafHashes, int start, int count)
    {
        if (count == 1) return leafHashes[start];
        var k = Split(count);
        return NodeHash(Subtree(leafHashes, start, k), Subtree(leafHashes, start + k, count - k));
    }

    private static void Path(SubtreeHash subtree, long m, long start, long count, List<byte[]> path)
    {
        if (count == 1) return;
        var k = Split(count);
        if (m < k)
        {
            Path(subtree, m, start, k, path);
            path.Add(subtree(start + k, count - k));
        }
        else
        {
            Path(subtree, m - k, start + k, count - k, path);
            path.Add(subtree(start, k));
        }
    }

    private static void SubProof(SubtreeHash subtree, long m, long start, long count, bool whole, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!whole) proof.Add(subtree(start, count));
            return;
        }
        var k = Split(count);
        if (m <= k)
        {
            SubProof(subtree, m, start, k, whole, proof);
            proof.Add(subtree(start + k, count - k));
        }
        else
        {
            SubProof(subtree, m - k, start + k, count - k, false, proof);
            proof.Add(subtree(start, k));
        }
    }
}
