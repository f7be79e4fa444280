using Chronology.Domain.Log;

namespace Chronology.Domain.Tests.Log;

/// <summary>
/// RFC 9162 §2.1 checked against the reference vectors of Go's transparency-dev/merkle (the Certificate Transparency
/// libraries' successor): github.com/transparency-dev/merkle, testonly/constants.go (leaf inputs and the roots of every
/// tree size) and proof/verify_test.go (inclusion and consistency proofs). Copied here as data.
/// </summary>
public sealed class MerkleTreeTests
{
    private static readonly string[] LeafInputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    /// <summary>Root hashes by tree size, 0 (empty: SHA-256 of nothing) to 8.</summary>
    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    /// <summary>(leaf index, tree size, audit path); the Go vectors number leaves from 1, here from 0.</summary>
    public static TheoryData<int, int, string[]> InclusionProofs => new()
    {
        { 0, 1, [] },
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    /// <summary>(first size, second size, consistency proof).</summary>
    public static TheoryData<int, int, string[]> ConsistencyProofs => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    private static List<byte[]> LeafHashes(int size) => [.. LeafInputs.Take(size).Select(input => MerkleTree.LeafHash(Convert.FromHexString(input)))];

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    [Fact]
    public void The_root_of_every_tree_size_is_the_reference_root()
    {
        for (var size = 0; size <= LeafInputs.Length; size++)
        {
            Assert.Equal(Roots[size], Hex(MerkleTree.Root(LeafHashes(size))));
            var range = new CompactRange();
            foreach (var hash in LeafHashes(size)) range.Append(hash);
            Assert.Equal(Roots[size], Hex(range.Root()));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionProofs))]
    public void Inclusion_proofs_are_the_reference_audit_paths_and_verify(int index, int size, string[] expected)
    {
        var leaves = LeafHashes(size);
        var proof = MerkleTree.InclusionProof(leaves, index);
        Assert.Equal(expected, proof.Select(Hex));
        var root = Convert.FromHexString(Roots[size]);
        Assert.True(MerkleTree.VerifyInclusion(index, size, leaves[index], proof, root));

        // Corrupted: another index, another size, another leaf, a flipped bit, a path too long or too short.
        Assert.False(MerkleTree.VerifyInclusion(index + 1, size, leaves[index], proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size * 2, leaves[index], proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, MerkleTree.LeafHash("wrong"u8), proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, leaves[index], [.. proof, root], root));
        if (proof.Count > 0)
        {
            Assert.False(MerkleTree.VerifyInclusion(index, size, leaves[index], proof[..^1], root));
            var flipped = proof.Select(hash => hash.ToArray()).ToList();
            flipped[0][0] ^= 8;
            Assert.False(MerkleTree.VerifyInclusion(index, size, leaves[index], flipped, root));
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyProofs))]
    public void Consistency_proofs_are_the_reference_proofs_and_verify(int first, int second, string[] expected)
    {
        var proof = MerkleTree.ConsistencyProof(LeafHashes(second), first);
        Assert.Equal(expected, proof.Select(Hex));
        var (firstRoot, secondRoot) = (Convert.FromHexString(Roots[first]), Convert.FromHexString(Roots[second]));
        Assert.True(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, proof));
        if (proof.Count == 0) return;

        Assert.False(MerkleTree.VerifyConsistency(first, second, secondRoot, firstRoot, proof));
        Assert.False(MerkleTree.VerifyConsistency(first + 1, second, firstRoot, secondRoot, proof));
        Assert.False(MerkleTree.VerifyConsistency(first, second * 2, firstRoot, secondRoot, proof));
        Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, []));
        Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, proof[..^1]));
        Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, [.. proof, secondRoot]));
        var flipped = proof.Select(hash => hash.ToArray()).ToList();
        flipped[^1][0] ^= 16;
        Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, flipped));
    }

    [Fact]
    public void Every_proof_of_every_size_up_to_70_verifies_against_the_compact_root()
    {
        var leaves = Enumerable.Range(0, 70).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i * 7)])).ToList();
        var range = new CompactRange();
        var roots = new List<byte[]> { range.Root() };
        foreach (var leaf in leaves)
        {
            range.Append(leaf);
            roots.Add(range.Root());
        }
        for (var size = 1; size <= leaves.Count; size++)
        {
            var tree = leaves[..size];
            Assert.Equal(roots[size], MerkleTree.Root(tree));
            for (var index = 0; index < size; index++)
                Assert.True(MerkleTree.VerifyInclusion(index, size, tree[index], MerkleTree.InclusionProof(tree, index), roots[size]));
            for (var first = 0; first <= size; first++)
                Assert.True(MerkleTree.VerifyConsistency(first, size, roots[first], roots[size], MerkleTree.ConsistencyProof(tree, first)));
        }
    }
}
