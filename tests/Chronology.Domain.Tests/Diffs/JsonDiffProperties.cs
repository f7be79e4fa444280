using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Chronology.Domain.Tests.Diffs;

public class JsonDiffProperties
{
    private enum EditKind { SetStatus, RemoveStatus, SetTitle, RemoveTitle, SetTags, AddParticipant, RemoveParticipant, ChangeRole, Rename, Reorder }

    // Ids and language tags with "/" and "~" keep pointer escaping honest.
    private static readonly string[] Ids = ["p1", "p2", "p/3", "p~4", "5", "0"];
    private static readonly string[] Languages = ["en", "zh-Hant", "a/b~c"];
    private static readonly string[] Words = ["held", "cancelled", "Chairman", "President", "金正恩", "", "0"];

    /// <summary>One edit; slot and choice pick the item and the new value, modulo what there is to pick from.</summary>
    private sealed record Edit(EditKind Kind, int Slot, int Choice)
    {
        public void ApplyTo(JsonObject record)
        {
            var participants = record["participants"]!.AsArray();
            var participant = participants.Count == 0 ? null : participants[Slot % participants.Count]!.AsObject();
            var title = record["title"]!.AsObject();
            switch (Kind)
            {
                case EditKind.SetStatus:
                    record["status"] = Pick(Words);
                    break;
                case EditKind.RemoveStatus:
                    record.Remove("status");
                    break;
                case EditKind.SetTitle:
                    title[Languages[Slot % Languages.Length]] = Pick(Words);
                    break;
                case EditKind.RemoveTitle:
                    title.Remove(Languages[Slot % Languages.Length]);
                    break;
                case EditKind.SetTags:
                    record["tags"] = new JsonArray([.. Words.Where((_, index) => (Choice >> index & 1) == 1).Select(word => JsonValue.Create(word))]);
                    break;
                case EditKind.AddParticipant when IdKeyedIndex(participants, Pick(Ids)) < 0:
                    participants.Insert(Slot % (participants.Count + 1), Records.Participant(Pick(Ids), Pick(Words)));
                    break;
                case EditKind.RemoveParticipant when participant is not null:
                    participants.Remove(participant);
                    break;
                case EditKind.ChangeRole when participant is not null:
                    participant["role"] = Pick(Words);
                    break;
                case EditKind.Rename when participant is not null:
                    participant["name"]![Languages[Choice % Languages.Length]] = Pick(Words);
                    break;
                case EditKind.Reorder when participant is not null:
                    participants.Remove(participant);
                    participants.Insert(Choice % (participants.Count + 1), participant);
                    break;
            }
        }

        private string Pick(string[] values) => values[Choice % values.Length];

        private static int IdKeyedIndex(JsonArray participants, string id) =>
            participants.Select((item, index) => (item, index)).FirstOrDefault(pair => (string?)pair.item!["id"] == id, (null, -1)).index;
    }

    private static readonly Gen<Edit> Edits =
        from kind in Gen.Elements(Enum.GetValues<EditKind>())
        from slot in Gen.Choose(0, 7)
        from choice in Gen.Choose(0, 127)
        select new Edit(kind, slot, choice);

    /// <summary>The states a record passes through under a random sequence of edits, starting from an empty record.</summary>
    private static Arbitrary<List<JsonNode>> Histories() =>
        (from count in Gen.Choose(1, 14)
         from edits in Gen.ArrayOf(Edits, count)
         select States(edits)).ToArbitrary();

    private static List<JsonNode> States(IEnumerable<Edit> edits)
    {
        var record = JsonNode.Parse("""{"status": "proposed", "title": {"en": "Summit"}, "tags": [], "participants": []}""")!.AsObject();
        var states = new List<JsonNode> { record.DeepClone() };
        foreach (var edit in edits)
        {
            edit.ApplyTo(record);
            states.Add(record.DeepClone());
        }
        return states;
    }

    [Property(MaxTest = 500)]
    public Property Patch_between_any_two_states_turns_one_into_the_other() =>
        Prop.ForAll(Histories(), states =>
        {
            foreach (var (a, b) in Pairs(states))
            {
                var patch = JsonPatch.Parse(JsonDiff.Patch(a, b).ToJson());
                JsonAssert.Equal(b, patch.Apply(a));
            }
        });

    [Property(MaxTest = 500)]
    public Property Reverting_the_changes_between_any_two_states_restores_the_first() =>
        Prop.ForAll(Histories(), states =>
        {
            foreach (var (a, b) in Pairs(states))
            {
                var changes = JsonDiff.Changes(a, b);
                Assert.Empty(JsonDiff.Conflicts(changes, b));
                JsonAssert.Equal(a, JsonDiff.Revert(changes, b));
            }
        });

    private static IEnumerable<(JsonNode, JsonNode)> Pairs(List<JsonNode> states) =>
        from a in states
        from b in states
        select (a, b);
}
