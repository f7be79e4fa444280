namespace Chronology.Domain.Diffs;

/// <summary>A JSON Patch that is malformed or cannot be applied; nothing of it was applied.</summary>
public sealed class JsonPatchException(int operationIndex, string? path, string reason)
    : Exception($"JSON Patch operation {operationIndex}: {reason}")
{
    public int OperationIndex { get; } = operationIndex;

    /// <summary>The JSON Pointer where the patch conflicts with the document (or is malformed), when there is one.</summary>
    public string? Path { get; } = path;

    public string Reason { get; } = reason;
}
