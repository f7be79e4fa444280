namespace Chronology.Domain.Erasing;

/// <summary>One erasure as one record saw it: the items (participants, sources) whose values it erased there.</summary>
public sealed record RecordErasure(Guid ErasureId, ImmutableList<Guid> Items);
