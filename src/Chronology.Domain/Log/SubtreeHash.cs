namespace Chronology.Domain.Log;

/// <summary>MTH(D[start:start+count]): the hash of a subtree of the log's tree.</summary>
public delegate byte[] SubtreeHash(long start, long count);
