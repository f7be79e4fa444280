namespace Chronology.Domain.Log;

/// <summary>The first entry of the log that the events no longer give, and why.</summary>
public sealed record LogMismatch(long Index, Guid? RecordId, int? Revision, long? FirstSequence, string Reason);

/// <summary>A signed tree head that does not hold: its signature is wrong, or the entries no longer give its root.</summary>
public sealed record TreeHeadFailure(long TreeSize, string Timestamp, string Reason);

/// <summary>
/// What a verification found. <see cref="Entries"/> entries were derived again and compared; <see cref="Pending"/> revisions
/// are in the events but not yet in the log (it follows the events by a few seconds); <see cref="TreeHeads"/> signed heads
/// were checked, of which <see cref="FailedTreeHeads"/> did not hold.
/// </summary>
public sealed record LogVerification(
    long Entries, long Pending, int TreeHeads, LogMismatch? FirstMismatch, IReadOnlyList<TreeHeadFailure> FailedTreeHeads, string? PublicKey)
{
    public bool Verified => FirstMismatch is null && FailedTreeHeads.Count == 0;

    public string Summary() => Verified
        ? $"Verified: {Entries} entries, and all {TreeHeads} signed tree heads hold for them" +
          (Pending > 0 ? $" ({Pending} newer revisions not yet logged)." : ".")
        : string.Join(Environment.NewLine, new[]
            {
                FirstMismatch is { } m
                    ? $"Entry {m.Index} no longer matches the events" +
                      (m.RecordId is { } record ? $" (record {record}, revision {m.Revision}, first event {m.FirstSequence})" : "") + $": {m.Reason}"
                    : null,
                FailedTreeHeads.Count > 0
                    ? $"{FailedTreeHeads.Count} of {TreeHeads} signed tree heads fail; the first, of size {FailedTreeHeads[0].TreeSize} signed at {FailedTreeHeads[0].Timestamp}: {FailedTreeHeads[0].Reason}"
                    : null,
            }.Where(line => line is not null));
}

/// <summary>
/// Walks the entries in order beside the signed heads: feeds each entry's leaf hash to a compact range and, at each signed
/// head's size, checks the root and the signature. Shared by the verification against PostgreSQL and of an export.
/// </summary>
public sealed class TreeHeadCheck(IReadOnlyList<SignedTreeHead> heads, string? publicKey)
{
    private readonly CompactRange range = new();
    private readonly List<TreeHeadFailure> failures = [];
    private int next;

    public IReadOnlyList<TreeHeadFailure> Failures => failures;

    public int Count => heads.Count;

    public void Append(byte[] leafHash)
    {
        range.Append(leafHash);
        while (next < heads.Count && heads[next].TreeSize <= range.Size) Check(heads[next++]);
    }

    /// <summary>The heads of sizes the entries never reached.</summary>
    public void End()
    {
        while (next < heads.Count && heads[next].TreeSize == 0) Check(heads[next++]);
        for (; next < heads.Count; next++)
            failures.Add(new TreeHeadFailure(heads[next].TreeSize, heads[next].Timestamp, $"it covers {heads[next].TreeSize} entries; only {range.Size} are there."));
    }

    private void Check(SignedTreeHead head)
    {
        if (publicKey is null || !head.IsSignedBy(publicKey))
            failures.Add(new TreeHeadFailure(head.TreeSize, head.Timestamp, "its signature does not verify with the log's public key."));
        else if (Convert.ToBase64String(range.Root()) != head.RootHash)
            failures.Add(new TreeHeadFailure(head.TreeSize, head.Timestamp,
                $"the first {head.TreeSize} entries have root {Convert.ToBase64String(range.Root())}, not the signed {head.RootHash}."));
    }
}
