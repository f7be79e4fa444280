namespace Chronology.Domain.Operations;

/// <summary>Carry out an admin's <see cref="ProjectionRecovery"/> (retry or skip), on the worker that leads the async daemon.</summary>
public sealed record RecoverProjection(Guid JobId) : IJobMessage;
