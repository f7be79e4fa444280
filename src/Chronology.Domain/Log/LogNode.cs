namespace Chronology.Domain.Log;

/// <summary>
/// The hash of one perfect subtree of the log's tree: 2^height leaves from <c>start</c> (a multiple of 2^height), for
/// height ≥ 1 (a leaf's hash is its entry's). Written by the log projection as each subtree fills up, so a proof reads
/// O(log n) of them instead of every leaf hash.
/// </summary>
public sealed record LogNode(string Id, byte[] Hash)
{
    public static string IdFor(int height, long start) => $"{height}/{start}";
}
