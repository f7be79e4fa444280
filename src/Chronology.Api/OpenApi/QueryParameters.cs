using Chronology.Domain.Records;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// What the query parameters mean and which values they take. Endpoints bind them as text so that a bad value gets a
/// precise 400 of ours rather than the framework's; the document still states their real type, so a client is checked.
/// </summary>
public static class QueryParameters
{
    private static readonly Dictionary<string, Func<OpenApiSchema>> ByName = new()
    {
        ["limit"] = () => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "500", Default = 50, Description = "How many items a page holds (1–500, default 50)." },
        ["after"] = () => new() { Type = JsonSchemaType.String, Description = "The previous page's `next` cursor, as given; omit for the first page." },
        ["status"] = () => ContractValues.OneOf<MeetingStatus>("Only records in this status."),
        ["kind"] = () => ContractValues.OneOf<RecordKind>("Only records of this kind."),
        ["tag"] = () => new() { Type = JsonSchemaType.String, Description = "Only records with this tag.", Examples = ["US–DPRK summit"] },
        ["participant"] = () => new() { Type = JsonSchemaType.String, Description = "Only records with a participant whose name (in any language) contains this text.", Examples = ["金正恩"] },
        ["place"] = () => new() { Type = JsonSchemaType.String, Description = "Only records whose place name (in any language) contains this text.", Examples = ["新加坡"] },
        ["q"] = () => new() { Type = JsonSchemaType.String, Description = "Text anywhere in titles, aliases, summaries, participants, places and outcomes, in any script (CJK included).", Examples = ["朝美"] },
        ["from"] = () => ContractValues.Edtf("Only what overlaps valid time from this EDTF date on.", "2018-05"),
        ["to"] = () => ContractValues.Edtf("Only what overlaps valid time up to this EDTF date.", "2018-06-30"),
        ["validAt"] = () => ContractValues.Edtf("The record as the world stood on this EDTF date of valid time.", "2018-05-25"),
        ["knownAt"] = () => new() { Type = JsonSchemaType.String, Format = "date-time", Description = "The record as the chronology knew it at this instant of recorded time (UTC).", Examples = ["2018-05-25T00:00:00Z"] },
        ["revision"] = () => ContractValues.Revision("The record as this revision left it."),
        ["minRevision"] = () => ContractValues.Revision("At least this revision: waits briefly for the views, then folds the record's events (read-your-writes)."),
    };

    /// <summary>Parameters whose name means something else on one operation, keyed "operationId:name".</summary>
    private static readonly Dictionary<string, Func<OpenApiSchema>> ByOperation = new()
    {
        ["diffRevisions:from"] = () => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Description = "The revision to compare from (default: `to` − 1; 0 is the empty record before creation)." },
        ["diffRevisions:to"] = () => ContractValues.Revision("The revision to compare to (default: the current one)."),
        ["changeStream:after"] = () => new() { Type = JsonSchemaType.String, Description = "Resume after this position (or send `Last-Event-ID`)." },
    };

    public static void Describe(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            if (parameter.Name is not { } name) continue;
            var schema = ByOperation.TryGetValue($"{operation.OperationId}:{name}", out var special) ? special()
                : ByName.TryGetValue(name, out var known) ? known()
                : null;
            if (schema is null) continue;
            parameter.Schema = schema;
            parameter.Description ??= schema.Description;
        }
    }
}
