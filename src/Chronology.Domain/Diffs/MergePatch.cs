// TEMPORARY STUB, replaced by the jsonpatch branch.
using System.Text.Json.Nodes;
namespace Chronology.Domain.Diffs;
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (k, v) in p)
        {
            if (v is null) result.Remove(k);
            else result[k] = Apply(result[k], v);
        }
        return result;
    }
}
