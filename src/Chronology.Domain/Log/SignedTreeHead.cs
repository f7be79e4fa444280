using System.Text.Json.Nodes;

namespace Chronology.Domain.Log;

/// <summary>
/// A tree head as the worker signed it: the log's first <see cref="Id"/> entries have the Merkle root
/// <see cref="RootHash"/> (base64), at <see cref="Timestamp"/> (RFC 3339, UTC). <see cref="Signature"/> is Ed25519 (base64)
/// over the RFC 8785 form of <c>{treeSize, rootHash, timestamp}</c>. Every head signed is kept.
/// </summary>
public sealed record SignedTreeHead(long Id, string RootHash, string Timestamp, string Signature)
{
    public long TreeSize => Id;

    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static byte[] SignedBytes(long treeSize, string rootHash, string timestamp) =>
        CanonicalJson.Utf8(new JsonObject { ["treeSize"] = treeSize, ["rootHash"] = rootHash, ["timestamp"] = timestamp });

    public bool IsSignedBy(string publicKey) => LogKey.Verify(publicKey, SignedBytes(Id, RootHash, Timestamp), Signature);
}

/// <summary>The public half of the key the worker signs tree heads with (base64 of the raw 32 bytes), published for readers.</summary>
public sealed record LogSigningKey(string Id, string PublicKey)
{
    public const string CurrentId = "current";
}
