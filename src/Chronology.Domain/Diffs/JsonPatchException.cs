namespace Chronology.Domain.Diffs;

/// <summary>A JSON Patch that is malformed or cannot be applied; nothing of it was applied.</summary>
public sealed class JsonPatchException(int? operationIndex, string? path, string reason)
    : Exception(operationIndex is null ? $"JSON Patch: {reason}" : $"JSON Patch operation {operationIndex}: {reason}")
{
    /// <summary>The failing operation's position in the patch; null when the patch as a whole is malformed.</summary>
    public int? OperationIndex { get; } = operationIndex;

    /// <summary>The JSON Pointer where the patch conflicts with the document (or is malformed), when there is one.</summary>
    public string? Path { get; } = path;

    public string Reason { get; } = reason;
}
