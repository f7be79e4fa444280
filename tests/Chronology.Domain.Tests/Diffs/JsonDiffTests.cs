using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;

namespace Chronology.Domain.Tests.Diffs;

public class JsonDiffTests
{
    private static readonly JsonNode Before = Records.Summit();

    [Fact]
    public void One_changed_field_is_one_change_and_one_operation()
    {
        var after = Before.With(record => record["status"] = "postponed");

        Assert.Equal(["replace /status \"scheduled\" -> \"postponed\""], Changes(Before, after));
        Assert.Equal("""[{"op":"replace","path":"/status","value":"postponed"}]""", JsonDiff.Patch(Before, after).ToString());
    }

    [Fact]
    public void Language_maps_are_compared_member_by_member()
    {
        var after = Before.With(record => record["title"]!["zh-Hant"] = "2018年朝美首腦會談");

        var change = Assert.Single(JsonDiff.Changes(Before, after));

        Assert.Equal(("/title/zh-Hant", "add", null), (change.Path, change.Op, change.Before));
    }

    [Fact]
    public void Arrays_of_scalars_change_as_a_whole()
    {
        var after = Before.With(record => record["tags"]!.AsArray().RemoveAt(0));

        var change = Assert.Single(JsonDiff.Changes(Before, after));

        Assert.Equal(("/tags", "replace"), (change.Path, change.Op));
        JsonAssert.Equal("""["summits", "korea"]""", change.Before);
        JsonAssert.Equal("""["korea"]""", change.After);
        Assert.Equal("""[{"op":"remove","path":"/tags/0"}]""", JsonDiff.Patch(Before, after).ToString());
    }

    [Fact]
    public void Added_participant_is_named_by_id_and_appended_by_index()
    {
        var after = Before.With(record => record.Participants().Add(Records.Participant("p4", "Envoy")));

        var change = Assert.Single(JsonDiff.Changes(Before, after));

        Assert.Equal(("/participants/p4", "add", 3), (change.Path, change.Op, change.ItemIndex));
        JsonAssert.Equal(Records.Participant("p4", "Envoy"), change.After);
        Assert.Equal("/participants/3", Assert.Single(JsonDiff.Patch(Before, after).Operations).Path.ToString());
    }

    [Fact]
    public void Removed_participant_is_named_by_id_and_removed_by_index()
    {
        var after = Before.With(record => record.Participants().RemoveAt(1));

        var change = Assert.Single(JsonDiff.Changes(Before, after));

        Assert.Equal(("/participants/p2", "remove", 1), (change.Path, change.Op, change.ItemIndex));
        Assert.Equal("""[{"op":"remove","path":"/participants/1"}]""", JsonDiff.Patch(Before, after).ToString());
    }

    [Fact]
    public void Changed_role_is_named_by_item_id_in_changes_and_by_index_in_the_patch()
    {
        var after = Before.With(record => record.Participants()[2]!["role"] = "45th President");

        Assert.Equal(["replace /participants/p3/role \"President\" -> \"45th President\""], Changes(Before, after));
        Assert.Equal("""[{"op":"replace","path":"/participants/2/role","value":"45th President"}]""", JsonDiff.Patch(Before, after).ToString());
    }

    [Fact]
    public void Removes_come_first_then_items_are_added_and_patched_at_their_final_index()
    {
        var after = Before.With(record =>
        {
            var participants = record.Participants();
            participants.RemoveAt(0);
            participants[1]!["role"] = "45th President";
            participants.Insert(1, Records.Participant("p4", "Envoy"));
        });

        Assert.Equal(
            ["remove /participants/p1", "add /participants/p4", "replace /participants/p3/role"],
            JsonDiff.Changes(Before, after).Select(change => $"{change.Op} {change.Path}"));
        var patch = JsonDiff.Patch(Before, after);
        Assert.Equal(
            ["remove /participants/0", "add /participants/1", "replace /participants/2/role"],
            patch.Operations.Select(operation => $"{operation.Name} {operation.Path}"));
        JsonAssert.Equal(after, patch.Apply(Before));
    }

    [Fact]
    public void Reordered_participants_are_one_replaced_list()
    {
        var after = Before.With(record =>
        {
            var first = record.Participants()[0]!;
            record.Participants().RemoveAt(0);
            record.Participants().Add(first);
        });

        Assert.Equal(["replace /participants"], JsonDiff.Changes(Before, after).Select(change => $"{change.Op} {change.Path}"));
        var operation = Assert.Single(JsonDiff.Patch(Before, after).Operations);
        Assert.Equal(("replace", "/participants"), (operation.Name, operation.Path.ToString()));
        JsonAssert.Equal(after, JsonDiff.Patch(Before, after).Apply(Before));
    }

    [Fact]
    public void Ids_and_member_names_are_escaped_in_paths()
    {
        var before = Records.Summit("""[{"id": "a/b~c", "role": "x"}]""");
        var after = before.With(record =>
        {
            record.Participants()[0]!["role"] = "y";
            record["a/b"] = 1;
        });

        Assert.Equal(
            ["/participants/a~1b~0c/role", "/a~1b"],
            JsonDiff.Changes(before, after).Select(change => change.Path));
        JsonAssert.Equal(after, JsonDiff.Patch(before, after).Apply(before));
    }

    [Fact]
    public void Change_of_root_type_replaces_the_document()
    {
        var after = JsonNode.Parse("[1]");

        Assert.Equal([$"replace  {JsonAssert.Text(Before)} -> [1]"], Changes(Before, after));
        Assert.Equal("""[{"op":"replace","path":"","value":[1]}]""", JsonDiff.Patch(Before, after).ToString());
    }

    [Theory]
    [InlineData("null", """{"a": 1}""")]
    [InlineData("\"foo\"", "\"bar\"")]
    [InlineData("[1, 2, 3, 4, 5]", "[1, 9, 4, 5, 6]")]
    [InlineData("[[1, 2], [3]]", "[[1], [3, 4], []]")]
    [InlineData("[1, 2, 3]", "[]")]
    [InlineData("[]", "[1, 2, 3]")]
    [InlineData("""[{"id": "a"}, {"id": "b"}]""", """[{"id": "b"}, 7]""")]
    [InlineData("""[{"id": "a"}, {"id": "a"}]""", """[{"id": "a"}]""")]
    [InlineData("""{"x": {"id": "1", "list": [{"id": "1", "v": [1]}]}}""", """{"x": {"id": "1", "list": [{"id": "2"}, {"id": "1", "v": [2, 1]}]}}""")]
    public void Patch_turns_any_document_into_any_other(string beforeJson, string afterJson)
    {
        var (before, after) = (JsonNode.Parse(beforeJson), JsonNode.Parse(afterJson));

        JsonAssert.Equal(after, JsonDiff.Patch(before, after).Apply(before));
        JsonAssert.Equal(before, JsonDiff.Revert(JsonDiff.Changes(before, after), after));
    }

    [Fact]
    public void Equal_documents_have_no_changes_whatever_their_member_order_or_number_spelling() =>
        Assert.Empty(JsonDiff.Patch(JsonNode.Parse("""{"a": 1, "b": [1.0]}"""), JsonNode.Parse("""{"b": [1], "a": 1.00}""")).Operations);

    // FieldChange holds JsonNodes, which compare by reference; compare their JSON text instead.
    private static IEnumerable<string> Changes(JsonNode before, JsonNode? after) =>
        JsonDiff.Changes(before, after).Select(change => $"{change.Op} {change.Path} {JsonAssert.Text(change.Before)} -> {JsonAssert.Text(change.After)}");
}
