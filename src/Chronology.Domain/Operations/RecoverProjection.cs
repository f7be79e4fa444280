namespace Chronology.Domain.Operations;

/// <summary>Carry out an admin's <see cref="ProjectionRecovery"/> (retry or skip), on the worker that runs that projection's agent.</summary>
public sealed record RecoverProjection(Guid JobId) : IJobMessage;
