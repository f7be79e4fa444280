using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;

namespace Chronology.Domain.Tests.Diffs;

public class JsonPatchConformanceTests
{
    private static readonly string[] Files = ["tests.json", "spec_tests.json"];

    public static TheoryData<string, int> EnabledCases() => CasesWhere(_ => true);

    public static TheoryData<string, int> CasesWithExpected() => CasesWhere(record => record.ContainsKey("expected"));

    [Theory]
    [MemberData(nameof(EnabledCases))]
    public void Json_patch_conformance_case_applies(string file, int index)
    {
        var record = Load(file)[index]!.AsObject();
        var document = record["doc"];
        var untouched = document?.DeepClone();

        if (record.ContainsKey("error"))
        {
            Assert.Throws<JsonPatchException>(() => JsonPatch.Parse(record["patch"]).Apply(document));
        }
        else
        {
            var result = JsonPatch.Parse(record["patch"]).Apply(document);
            JsonAssert.Equal(record["expected"], result);
        }
        JsonAssert.Equal(untouched, document);
    }

    [Theory]
    [MemberData(nameof(CasesWithExpected))]
    public void Diff_of_conformance_case_round_trips(string file, int index)
    {
        var record = Load(file)[index]!.AsObject();
        var (document, expected) = (record["doc"], record["expected"]);

        var patch = JsonDiff.Patch(document, expected);
        // Through its JSON form, as a client of GET /diff would receive it.
        var result = JsonPatch.Parse(patch.ToJson()).Apply(document);

        JsonAssert.Equal(expected, result);
    }

    private static TheoryData<string, int> CasesWhere(Func<JsonObject, bool> predicate)
    {
        var cases = new TheoryData<string, int>();
        foreach (var file in Files)
        {
            var records = Load(file);
            for (var index = 0; index < records.Count; index++)
            {
                var record = records[index]!.AsObject();
                var isEnabled = record.ContainsKey("patch") && record["disabled"]?.GetValue<bool>() != true;
                if (isEnabled && predicate(record))
                    cases.Add(file, index);
            }
        }
        return cases;
    }

    private static JsonArray Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Conformance.Folder("json-patch"), file)))!.AsArray();
}
