namespace Chronology.Domain.Log;

/// <summary>
/// The roots of the perfect subtrees a tree of n leaves decomposes into (one per bit of n, largest first): enough to
/// append leaves and compute the root without reading the earlier leaves again, in O(log n) memory.
/// </summary>
public sealed class CompactRange
{
    private readonly List<(int Height, byte[] Hash)> subtrees = [];

    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        var node = (Height: 0, Hash: leafHash);
        while (subtrees.Count > 0 && subtrees[^1].Height == node.Height)
        {
            node = (node.Height + 1, MerkleTree.NodeHash(subtrees[^1].Hash, node.Hash));
            subtrees.RemoveAt(subtrees.Count - 1);
        }
        subtrees.Add(node);
        Size++;
    }

    /// <summary>The RFC 9162 root: the perfect subtrees hashed together from the right, as §2.1.1 splits them.</summary>
    public byte[] Root()
    {
        if (subtrees.Count == 0) return MerkleTree.Root([]);
        var root = subtrees[^1].Hash;
        for (var i = subtrees.Count - 2; i >= 0; i--) root = MerkleTree.NodeHash(subtrees[i].Hash, root);
        return root;
    }
}
