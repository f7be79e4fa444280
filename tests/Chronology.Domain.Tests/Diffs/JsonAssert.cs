using System.Text.Json.Nodes;

namespace Chronology.Domain.Tests.Diffs;

internal static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {Text(expected)}{Environment.NewLine}but got  {Text(actual)}");

    public static void Equal(string expectedJson, JsonNode? actual) => Equal(JsonNode.Parse(expectedJson), actual);

    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
