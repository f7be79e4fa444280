using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Domain.Log;

/// <summary>
/// Verifies an export (<c>GET /log/export</c>) offline with nothing but the public key: each entry line must be canonical
/// JSON with the next index, and every signed tree head must hold for the leaves before it.
/// </summary>
public static class ExportVerifier
{
    public static async Task<LogVerification> Verify(TextReader export, string publicKey, CancellationToken cancellation)
    {
        var leafHashes = new List<byte[]>();
        var heads = new List<SignedTreeHead>();
        LogMismatch? first = null;
        var lineNumber = 0;
        while (await export.ReadLineAsync(cancellation) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            JsonObject? entry;
            try
            {
                entry = JsonNode.Parse(line)?.AsObject();
            }
            catch (Exception failure) when (failure is JsonException or InvalidOperationException)
            {
                throw new InvalidDataException($"Line {lineNumber} of the export is not a JSON object: {failure.Message}");
            }
            if (entry?["treeHead"] is JsonObject head)
            {
                heads.Add(new SignedTreeHead(
                    head["treeSize"]!.GetValue<long>(), head["rootHash"]!.GetValue<string>(), head["timestamp"]!.GetValue<string>(), head["signature"]!.GetValue<string>()));
                continue;
            }
            var index = leafHashes.Count;
            first ??= entry?["index"] is JsonValue value && value.TryGetValue<long>(out var stated) && stated == index
                ? CanonicalJson.Serialize(entry) == line ? null : Mismatch(index, entry, "its line is not the entry's RFC 8785 canonical form.")
                : Mismatch(index, entry, $"line {lineNumber} should hold entry {index}.");
            leafHashes.Add(MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(line)));
        }

        var check = new TreeHeadCheck([.. heads.OrderBy(head => head.TreeSize)], publicKey);
        foreach (var leafHash in leafHashes) check.Append(leafHash);
        check.End();
        return new LogVerification(leafHashes.Count, 0, check.Count, first, check.Failures, publicKey);
    }

    private static LogMismatch Mismatch(long index, JsonObject? entry, string reason) => new(
        index, Guid.TryParse(entry?["recordId"]?.GetValue<string>(), out var record) ? record : null,
        entry?["revision"]?.GetValue<int>(), null, reason);
}
