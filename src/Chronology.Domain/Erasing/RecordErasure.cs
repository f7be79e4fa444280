namespace Chronology.Domain.Erasing;

/// <summary>One erasure as one record saw it: the values it erased there.</summary>
public sealed record RecordErasure(Guid ErasureId, ImmutableList<ErasedValue> Values);
