namespace Chronology.Domain.Operations;

/// <summary>Rebuild the projection a <see cref="RebuildJob"/> names, on the worker that leads the async daemon.</summary>
public sealed record RebuildProjection(Guid JobId) : IJobMessage;
