namespace Chronology.Domain.Erasing;

/// <summary>
/// The audit of one erasure, in a stream of its own: who erased which fields and why, and which values (by commitment,
/// record and item) are gone. It never holds the subject or an erased value, which would defeat the erasure.
/// </summary>
public sealed record SubjectErased(Guid ErasureId, string ErasedBy, string Reason, ImmutableList<string> Fields, ImmutableList<ErasedValue> Values);

/// <summary>One erased value: the commitment that stays in the events, and the field of the item it was.</summary>
public sealed record ErasedValue(string Commitment, string Field, Guid RecordId, Guid ItemId);
