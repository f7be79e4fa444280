using System.Text.Json.Nodes;

namespace Chronology.Domain.Tests.Diffs;

/// <summary>Record views in the shape the API returns, trimmed to what the diff tests need.</summary>
internal static class Records
{
    public static JsonNode Summit(string participants = """
        [{"id": "p1", "name": {"en": "Kim Jong-un"}, "role": "Chairman"},
         {"id": "p2", "name": {"en": "Moon Jae-in"}, "role": "President"},
         {"id": "p3", "name": {"en": "Donald Trump"}, "role": "President"}]
        """) =>
        JsonNode.Parse($$"""
            {"status": "scheduled", "title": {"en": "2018 US–DPRK summit"}, "tags": ["summits", "korea"],
             "participants": {{participants}}}
            """)!;

    public static JsonNode With(this JsonNode record, Action<JsonObject> edit)
    {
        var copy = record.DeepClone().AsObject();
        edit(copy);
        return copy;
    }

    public static JsonArray Participants(this JsonObject record) => record["participants"]!.AsArray();

    public static JsonObject Participant(string id, string role) =>
        new() { ["id"] = id, ["name"] = new JsonObject { ["en"] = id }, ["role"] = role };
}
