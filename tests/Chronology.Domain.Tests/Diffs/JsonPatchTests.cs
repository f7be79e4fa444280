using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;

namespace Chronology.Domain.Tests.Diffs;

public class JsonPatchTests
{
    [Fact]
    public void Failed_test_names_the_operation_and_the_path()
    {
        var document = JsonNode.Parse("""{"status": "cancelled", "title": {"en": "Summit"}}""");
        var patch = JsonPatch.Parse("""
            [{"op": "replace", "path": "/title/en", "value": "Talks"},
             {"op": "test", "path": "/status", "value": "held"}]
            """);

        var failure = Assert.Throws<JsonPatchException>(() => patch.Apply(document));

        Assert.Equal(1, failure.OperationIndex);
        Assert.Equal("/status", failure.Path);
        Assert.Equal("test failed at /status: expected \"held\", found \"cancelled\"", failure.Reason);
        Assert.Contains("operation 1", failure.Message);
    }

    [Fact]
    public void Missing_parent_is_named_as_the_conflicting_path()
    {
        var patch = JsonPatch.Parse("""[{"op": "add", "path": "/a/b", "value": 1}]""");

        var failure = Assert.Throws<JsonPatchException>(() => patch.Apply(JsonNode.Parse("""{"q": {"bar": 2}}""")));

        Assert.Equal("/a", failure.Path);
        Assert.Equal("path /a does not exist", failure.Reason);
    }

    [Fact]
    public void Failed_patch_applies_nothing_and_leaves_the_input_untouched()
    {
        var document = JsonNode.Parse("""{"status": "held", "tags": ["a"]}""");
        var patch = JsonPatch.Parse("""
            [{"op": "add", "path": "/tags/-", "value": "b"},
             {"op": "replace", "path": "/status", "value": "cancelled"},
             {"op": "remove", "path": "/place"}]
            """);

        var failure = Assert.Throws<JsonPatchException>(() => patch.Apply(document));

        Assert.Equal(2, failure.OperationIndex);
        JsonAssert.Equal("""{"status": "held", "tags": ["a"]}""", document);
    }

    [Fact]
    public void Successful_patch_returns_a_new_document_and_can_be_applied_again()
    {
        var document = JsonNode.Parse("""{"participants": []}""");
        var patch = JsonPatch.Parse("""[{"op": "add", "path": "/participants/-", "value": {"id": "p1"}}]""");

        var first = patch.Apply(document);
        var second = patch.Apply(first);

        JsonAssert.Equal("""{"participants": []}""", document);
        JsonAssert.Equal("""{"participants": [{"id": "p1"}, {"id": "p1"}]}""", second);
    }

    [Fact]
    public void Test_compares_numbers_by_value() =>
        JsonAssert.Equal(
            """{"n": 1, "list": [2]}""",
            JsonPatch.Parse("""[{"op": "test", "path": "/n", "value": 1.0}, {"op": "test", "path": "/list", "value": [2.00]}]""")
                .Apply(JsonNode.Parse("""{"n": 1, "list": [2]}""")));

    [Fact]
    public void Escaped_pointer_segments_reach_members_with_slash_and_tilde() =>
        JsonAssert.Equal(
            """{"a/b": {"m~n": 2}}""",
            JsonPatch.Parse("""[{"op": "replace", "path": "/a~1b/m~0n", "value": 2}]""").Apply(JsonNode.Parse("""{"a/b": {"m~n": 1}}""")));

    [Theory]
    [InlineData("/01", "not an array index")]
    [InlineData("/1e0", "not an array index")]
    [InlineData("/-", "not an array index")]
    [InlineData("/2", "index 2 is out of range for an array of 2")]
    public void Array_indexes_must_be_canonical_and_in_range(string path, string reason)
    {
        var patch = JsonPatch.Parse($$"""[{"op": "replace", "path": "{{path}}", "value": 0}]""");

        var failure = Assert.Throws<JsonPatchException>(() => patch.Apply(JsonNode.Parse("[1, 2]")));

        Assert.Equal(path, failure.Path);
        Assert.Contains(reason, failure.Reason);
    }

    [Fact]
    public void Dash_appends_and_the_length_is_a_valid_insert_position() =>
        JsonAssert.Equal(
            "[1, 2, 3, 4]",
            JsonPatch.Parse("""[{"op": "add", "path": "/-", "value": 3}, {"op": "add", "path": "/3", "value": 4}]""").Apply(JsonNode.Parse("[1, 2]")));

    [Fact]
    public void Move_into_its_own_child_is_refused()
    {
        var patch = JsonPatch.Parse("""[{"op": "move", "from": "/a", "path": "/a/b"}]""");

        var failure = Assert.Throws<JsonPatchException>(() => patch.Apply(JsonNode.Parse("""{"a": {}}""")));

        Assert.Equal("/a/b", failure.Path);
    }

    [Fact]
    public void Move_and_copy_take_values_from_another_location() =>
        JsonAssert.Equal(
            """{"b": {"x": [1]}, "c": [1], "list": [{"id": "q"}, {"id": "p"}]}""",
            JsonPatch.Parse("""
                [{"op": "move", "from": "/a", "path": "/b"},
                 {"op": "copy", "from": "/b/x", "path": "/c"},
                 {"op": "move", "from": "/list/0", "path": "/list/-"}]
                """)
                .Apply(JsonNode.Parse("""{"a": {"x": [1]}, "list": [{"id": "p"}, {"id": "q"}]}""")));

    [Theory]
    [InlineData("""{"op": "add", "path": "/a", "value": 1}""", null)]
    [InlineData("""{"path": "/a", "value": 1}""", "missing \"op\" member")]
    [InlineData("""{"op": "spam", "path": "/a"}""", "unknown op \"spam\"")]
    [InlineData("""{"op": "add", "path": null, "value": 1}""", "\"path\" must be a string, not null")]
    [InlineData("""{"op": "add", "path": "a", "value": 1}""", "must be empty or start with \"/\"")]
    [InlineData("""{"op": "add", "path": "/a~2", "value": 1}""", "\"~\" not followed by 0 or 1")]
    [InlineData("""{"op": "replace", "path": "/a"}""", "missing \"value\" member")]
    [InlineData("""{"op": "copy", "path": "/a"}""", "missing \"from\" member")]
    [InlineData("""["add", "/a"]""", "must be a JSON object")]
    public void Parse_refuses_malformed_operations_with_a_clear_reason(string operation, string? reason)
    {
        var json = $"[{{\"op\": \"test\", \"path\": \"\", \"value\": null}}, {operation}]";
        if (reason is null)
        {
            Assert.Equal(2, JsonPatch.Parse(json).Operations.Count);
            return;
        }

        var failure = Assert.Throws<JsonPatchException>(() => JsonPatch.Parse(json));

        Assert.Equal(1, failure.OperationIndex);
        Assert.Contains(reason, failure.Reason);
    }

    [Fact]
    public void Parse_refuses_a_document_that_is_not_an_array() =>
        Assert.Null(Assert.Throws<JsonPatchException>(() => JsonPatch.Parse("""{"op": "remove", "path": "/a"}""")).OperationIndex);

    [Fact]
    public void Serializes_back_to_the_same_operations()
    {
        var json = JsonNode.Parse("""
            [{"op": "add", "path": "/a~1b", "value": {"x": null}},
             {"op": "remove", "path": "/c/0"},
             {"op": "replace", "path": "", "value": null},
             {"op": "move", "from": "/d", "path": "/e"},
             {"op": "copy", "from": "/e", "path": "/f"},
             {"op": "test", "path": "/f", "value": [1, "2"]}]
            """);

        JsonAssert.Equal(json, JsonPatch.Parse(json).ToJson());
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("/", new[] { "" })]
    [InlineData("/a~1b/m~0n/~01", new[] { "a/b", "m~n", "~1" })]
    [InlineData("/participants/0/role", new[] { "participants", "0", "role" })]
    public void Pointer_round_trips_through_its_segments(string pointer, string[] segments)
    {
        Assert.Equal(segments, JsonPointer.Parse(pointer).Segments);
        Assert.Equal(pointer, JsonDiff.ToPointer(segments));
    }
}
