using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>RFC 7396 JSON Merge Patch.</summary>
public static class MergePatch
{
    /// <summary>The result of merging <paramref name="patch"/> into <paramref name="target"/>; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
                result.Remove(name);
            else
                result[name] = Apply(result[name], value);
        }
        return result;
    }
}
