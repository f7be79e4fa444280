namespace Chronology.Domain.Log;

/// <summary>
/// One entry of the transparency log: revision <see cref="Revision"/> of a record, at position <see cref="Id"/>
/// (0-based) of the log. <see cref="Leaf"/> is the entry in RFC 8785 canonical form, exactly the text that is hashed.
/// </summary>
public sealed record LogEntry(long Id, Guid RecordId, int Revision, long FirstSequence, long LastSequence, string Leaf, byte[] LeafHash)
{
    public static LogEntry Of(long index, LoggedRevision revision)
    {
        var leaf = CanonicalJson.Serialize(revision.Entry(index));
        return new LogEntry(
            index, revision.First.StreamId, revision.First.Revision, revision.FirstSequence, revision.LastSequence, leaf,
            MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(leaf)));
    }

    public bool SameAs(LogEntry other) =>
        Id == other.Id && FirstSequence == other.FirstSequence && LastSequence == other.LastSequence && Leaf == other.Leaf &&
        LeafHash.AsSpan().SequenceEqual(other.LeafHash);

    public string Describe() => $"log entry {Id} (record {RecordId}, revision {Revision}, events {FirstSequence}–{LastSequence})";
}
