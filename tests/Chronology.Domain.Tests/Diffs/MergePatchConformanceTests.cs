using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;

namespace Chronology.Domain.Tests.Diffs;

public class MergePatchConformanceTests
{
    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Load().Count)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merge_patch_conformance_case(int index)
    {
        var example = Load()[index]!.AsObject();
        var (original, patch) = (example["original"], example["patch"]);
        var (originalBefore, patchBefore) = (original?.DeepClone(), patch?.DeepClone());

        var result = MergePatch.Apply(original, patch);

        JsonAssert.Equal(example["result"], result);
        JsonAssert.Equal(originalBefore, original);
        JsonAssert.Equal(patchBefore, patch);
    }

    [Fact]
    public void Appendix_a_has_all_fifteen_examples() => Assert.Equal(15, Load().Count);

    private static JsonArray Load() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Conformance.Folder("merge-patch"), "rfc7396-appendix-a.json")))!["cases"]!.AsArray();
}
