namespace Chronology.Domain.Operations;

/// <summary>Rebuild the projection a <see cref="RebuildJob"/> names, on the worker that runs that projection's agent.</summary>
public sealed record RebuildProjection(Guid JobId) : IJobMessage;
