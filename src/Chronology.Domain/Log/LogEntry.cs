namespace Chronology.Domain.Log;

/// <summary>
/// One entry of the transparency log: revision <see cref="Revision"/> of a record, at position <see cref="Index"/>
/// (0-based) of the log. <see cref="Leaf"/> is the entry in RFC 8785 canonical form, exactly the text that is hashed.
/// Its id is the sequence number of the revision's first event, which is never 0 (Marten would draw an id for a 0).
/// </summary>
public sealed record LogEntry(long Id, long Index, Guid RecordId, int Revision, long LastSequence, string Leaf, byte[] LeafHash)
{
    public long FirstSequence => Id;

    public static LogEntry Of(long index, LoggedRevision revision)
    {
        var leaf = CanonicalJson.Serialize(revision.Entry(index));
        return new LogEntry(
            revision.FirstSequence, index, revision.First.StreamId, revision.First.Revision, revision.LastSequence, leaf,
            MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(leaf)));
    }

    public bool SameAs(LogEntry other) =>
        Id == other.Id && Index == other.Index && LastSequence == other.LastSequence && Leaf == other.Leaf &&
        LeafHash.AsSpan().SequenceEqual(other.LeafHash);

    public string Describe() => $"log entry {Index} (record {RecordId}, revision {Revision}, events {FirstSequence}–{LastSequence})";
}
