using Chronology.Domain.Operations;

namespace Chronology.Domain.Imports;

/// <summary>Run the lines of an <see cref="ImportJob"/> through the write path, on any worker.</summary>
public sealed record RunImport(Guid JobId) : IJobMessage;
