using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Chronology.Domain;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.AddingOutcomes;
using Chronology.Domain.Records.AddingParticipants;
using Chronology.Domain.Records.Announcing;
using Chronology.Domain.Records.Cancelling;
using Chronology.Domain.Records.ChangingParticipantRoles;
using Chronology.Domain.Records.CitingSources;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Holding;
using Chronology.Domain.Records.Placing;
using Chronology.Domain.Records.Postponing;
using Chronology.Domain.Records.Reinstating;
using Chronology.Domain.Records.Rescheduling;
using Chronology.Domain.Records.Reverting;
using Chronology.Domain.Records.Scheduling;
using Chronology.Domain.Records.Undoing;

namespace Chronology.Faults.Tests.Fuzzing;

/// <summary>One operation of the contract: how to call it, what it takes in its query, and the shape of its body.</summary>
public sealed record Operation(string Id, string Method, string Path, IReadOnlyList<string> Query, string? ContentType, JsonNode? BodySchema);

/// <summary>
/// The operations the fuzzer calls, read from the served OpenAPI document: methods, paths and query parameters from it,
/// and each request body's schema from it as well where the document has one. Where it has none yet, the schema is
/// exported from the C# type the endpoint reads its body as (System.Text.Json's schema exporter, with the product's own
/// JSON options), so the fuzzer mutates the fields the endpoints really read.
/// </summary>
public static class Contract
{
    // Declared before the schemas it exports, which static initialisation builds in order.
    private static readonly JsonSerializerOptions Options = ChronologyJson.Configure(new JsonSerializerOptions
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    });

    private static readonly IReadOnlyDictionary<string, (string ContentType, JsonNode Schema)> BodiesOfTheCode = new Dictionary<string, (string, JsonNode)>
    {
        ["createRecord"] = Json<CreateRecordBody>(),
        ["reviseRecord"] = ("application/merge-patch+json", Schema<CreateRecordBody>()),
        ["announce"] = Json<AnnounceBody>(),
        ["schedule"] = Json<ScheduleBody>(),
        ["reschedule"] = Json<RescheduleBody>(),
        ["postpone"] = Json<PostponeBody>(),
        ["cancel"] = Json<CancelBody>(),
        ["reinstate"] = Json<ReinstateBody>(),
        ["hold"] = Json<HoldBody>(),
        ["setPlace"] = Json<PlaceBody>(),
        ["addParticipant"] = Json<AddParticipantBody>(),
        ["changeParticipantRole"] = ("application/merge-patch+json", Schema<ChangeParticipantRoleBody>()),
        ["addOutcome"] = Json<AddOutcomeBody>(),
        ["citeSource"] = Json<CiteSourceBody>(),
        ["addLink"] = Json<AddLinkBody>(),
        ["revert"] = Json<RevertBody>(),
        ["undo"] = Json<UndoBody>(),
        ["editBatch"] = ("application/json", JsonNode.Parse("""
            {"type":"object","properties":{"comment":{"type":"string"},"correction":{"type":"boolean"},
             "commands":{"type":"array","items":{"type":"object","properties":{
               "command":{"type":"string","enum":["addOutcome","cancel","reinstate","revise","place","addParticipant"]},
               "body":{"type":"object","properties":{"text":{"type":"object","additionalProperties":{"type":"string"}},"on":{"type":"string"}}}}}}}}
            """)!),
        ["import"] = ("application/x-ndjson", JsonNode.Parse("""
            {"type":"object","properties":{"key":{"type":"string"},"record":{"type":"string"},"command":{"type":"string","enum":["create"]},
             "body":{"type":"object","properties":{"kind":{"type":"string"},"title":{"type":"object","additionalProperties":{"type":"string"}}}},
             "editor":{"type":"string"},"comment":{"type":"string"},"correction":{"type":"boolean"}}}
            """)!),
        ["skipProjectionEvent"] = ("application/json", JsonNode.Parse("""{"type":"object","properties":{"sequence":{"type":"integer"},"reason":{"type":"string"}}}""")!),
    };

    public static async Task<IReadOnlyList<Operation>> Read(HttpClient api)
    {
        var document = JsonNode.Parse(await api.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<Operation>();
        foreach (var (path, methods) in document["paths"]!.AsObject())
            foreach (var (method, operation) in methods!.AsObject())
            {
                var id = operation!["operationId"]!.GetValue<string>();
                var query = (operation["parameters"]?.AsArray() ?? [])
                    .Where(parameter => parameter!["in"]!.GetValue<string>() == "query")
                    .Select(parameter => parameter!["name"]!.GetValue<string>()).ToList();
                var (contentType, schema) = DocumentedBody(document, operation) ?? BodiesOfTheCode.GetValueOrDefault(id);
                operations.Add(new Operation(id, method.ToUpperInvariant(), path, query, contentType, schema));
            }
        return operations;
    }

    private static (string, JsonNode)? DocumentedBody(JsonNode document, JsonNode operation)
    {
        if (operation["requestBody"]?["content"]?.AsObject().FirstOrDefault() is not { Key: { } contentType, Value: { } content }) return null;
        return content["schema"] is { } schema ? (contentType, Resolved(document, schema.DeepClone())) : null;
    }

    /// <summary>The schema with every <c>$ref</c> into the document's components replaced by what it names.</summary>
    private static JsonNode Resolved(JsonNode document, JsonNode schema, int depth = 0)
    {
        if (depth > 16) return new JsonObject();
        if (schema is JsonObject { } reference && reference["$ref"]?.GetValue<string>() is { } name)
            return Resolved(document, document["components"]!["schemas"]![name.Split('/')[^1]]!.DeepClone(), depth + 1);
        if (schema is JsonObject members)
            foreach (var key in members.Select(member => member.Key).ToList())
                if (members[key] is { } child) members[key] = Resolved(document, child.DeepClone(), depth + 1);
        if (schema is JsonArray items)
            for (var i = 0; i < items.Count; i++)
                if (items[i] is { } child) items[i] = Resolved(document, child.DeepClone(), depth + 1);
        return schema;
    }

    private static (string, JsonNode) Json<T>() => ("application/json", Schema<T>());

    private static JsonNode Schema<T>() => Options.GetJsonSchemaAsNode(typeof(T));
}
