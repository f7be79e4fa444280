using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Revising;

/// <summary>An RFC 7396 merge patch of the descriptive fields: title, aliases, summary, kind, tags, time zone.</summary>
public sealed record ReviseRecord(JsonObject Patch) : IRecordCommand
{
    public static readonly IReadOnlySet<string> Fields = new HashSet<string> { "title", "aliases", "summary", "kind", "tags", "timeZone" };

    public Decision Decide(Record record, EditContext context)
    {
        var before = RecordDetails.Of(record);
        var patched = MergePatch.Apply(JsonSerializer.SerializeToNode(before, ChronologyJson.Options), Patch);
        var validation = new Validation();
        var after = patched is JsonObject document
            ? RecordDetails.Read(
                validation,
                Field<string>(validation, document, "kind"),
                Field<Dictionary<string, string?>>(validation, document, "title"),
                Field<Dictionary<string, IReadOnlyList<string?>?>>(validation, document, "aliases"),
                Field<Dictionary<string, string?>>(validation, document, "summary"),
                Field<List<string?>>(validation, document, "tags"),
                Field<string>(validation, document, "timeZone"),
                details => details)
            : null;
        return after is null ? Decision.Refuse(validation.ToError()) : Decision.Accept(Changes(before, after));
    }

    private static T? Field<T>(Validation validation, JsonObject document, string name) where T : class
    {
        try
        {
            return document[name].Deserialize<T>(ChronologyJson.Options);
        }
        catch (JsonException)
        {
            validation.Add(name, $"has the wrong type for {name}.");
            return null;
        }
    }

    private static IEnumerable<IRecordEvent> Changes(RecordDetails before, RecordDetails after)
    {
        if (!ChronologyJson.Same(before.Title, after.Title)) yield return new TitleRevised(after.Title);
        if (!ChronologyJson.Same(before.Aliases, after.Aliases)) yield return new AliasesRevised(after.Aliases);
        if (!ChronologyJson.Same(before.Summary, after.Summary)) yield return new SummaryRevised(after.Summary);
        if (before.Kind != after.Kind) yield return new KindChanged(after.Kind);
        if (!before.Tags.SequenceEqual(after.Tags)) yield return new TagsRevised(after.Tags);
        if (before.TimeZone != after.TimeZone) yield return new TimeZoneChanged(after.TimeZone);
    }
}
