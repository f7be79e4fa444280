using Chronology.Api.Auth;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// What every operation owes the contract by convention: its resource tag, its security, its problem answers, the
/// If-Match and Idempotency-Key headers of edits, the ETag of answers that carry a revision, the representations it
/// also serves, and examples from the sample chronology.
/// </summary>
public sealed class ContractOperationTransformer(IOptions<AuthOptions> auth) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation is described outside a document.");
        ContractComponents.EnsureIn(document);
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var route = RouteShape.Of(
            description.HttpMethod ?? "GET", description.RelativePath ?? "", metadata, operation.RequestBody is not null, auth.Value.RequireAuthForReads);

        if (!metadata.OfType<ITagsMetadata>().Any())
            operation.Tags = new HashSet<OpenApiTagReference> { new(ResourceTags.ForRoute(route.Path), document) };
        // Wolverine fills an undescribed operation's description with its route name (GET_records_id), which tells a reader nothing.
        if (operation.Description is { } text && text.StartsWith(route.Method + "_", StringComparison.Ordinal) && !text.Contains(' '))
            operation.Description = null;

        operation.Security = route.Secured
            ? [Requirement(document)]
            // Open reads: anonymous, or with credentials (a principal gets its own rate-limit budget).
            : [new OpenApiSecurityRequirement(), Requirement(document)];

        QueryParameters.Describe(operation);
        // A removal's body only carries an optional comment: the item is named by the route.
        if (route.Method == "DELETE" && operation.RequestBody is OpenApiRequestBody removal) removal.Required = false;
        if (route.IsRecordCommand) AddEditHeaders(operation, route.TakesIfMatch);
        DescribeSuccess(operation, route, metadata.OfType<ServesAttribute>().FirstOrDefault());
        if (metadata.OfType<CacheableAttribute>().FirstOrDefault() is { } cacheable) DescribeCaching(operation, cacheable);

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, meaning) in ConventionalProblems.For(route))
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ConventionalProblems.Response(status, meaning, document);
        // A 404 the framework guessed for a route without path parameters cannot happen.
        if (!route.HasPathParameters) operation.Responses.Remove("404");

        SampleChronology.AddExamples(operation);
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(ContractComponents.Bearer, document)] = [] };

    private static void AddEditHeaders(OpenApiOperation operation, bool ifMatch)
    {
        operation.Parameters ??= [];
        if (ifMatch)
            AddHeader(operation, "If-Match",
                "The revision the edit was decided on, as the ETag gave it. If the record has moved on, the answer is 412 " +
                "and nothing is stored; without it, an edit that loses a race is decided again on the fresh state.",
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(\"[1-9][0-9]*\"|\\*)$", Examples = ["\"7\""] });
        AddHeader(operation, "Idempotency-Key",
            "Any 1 to 200 printable ASCII characters naming this request: a retry with the same key and body answers as the " +
            "first attempt did and stores nothing; the same key with another body is a 422.",
            new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200, Examples = ["jun12-005"] });
    }

    /// <summary>A request header the operation reads, unless the endpoint already declares it.</summary>
    private static void AddHeader(OpenApiOperation operation, string name, string description, OpenApiSchema schema)
    {
        if (operation.Parameters!.Any(parameter => parameter.In == ParameterLocation.Header && string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase)))
            return;
        operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = schema });
    }

    /// <summary>Success answers: without the framework's empty IResult schema, with their ETag and other representations.</summary>
    private static void DescribeSuccess(OpenApiOperation operation, RouteShape route, ServesAttribute? serves)
    {
        // Edits share one answer type that can be Created or Ok; only creating a record answers 201.
        if (route.IsRecordCommand && operation.Responses is { } answers && answers.ContainsKey("200") && answers.ContainsKey("201"))
            answers.Remove(route.Creates ? "200" : "201");
        foreach (var (status, answer) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') || answer is not OpenApiResponse response) continue;
            if (response.Content is { } content)
                foreach (var mediaType in content.Where(pair => pair.Value.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }).Select(pair => pair.Key).ToList())
                    content.Remove(mediaType);
            if (response.Content is { Count: 0 }) response.Content = null;

            if (serves is not null)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (serves.Only) response.Content.Clear();
                foreach (var mediaType in serves.MediaTypes)
                    response.Content[mediaType] = new OpenApiMediaType { Schema = Representation(mediaType) };
            }
            if (status == "201" && route.Creates)
                (response.Headers ??= new Dictionary<string, IOpenApiHeader>())["Location"] = new OpenApiHeader
                {
                    Description = "The new record's address, /records/{id}.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            if (route.AnswersWithETag)
                (response.Headers ??= new Dictionary<string, IOpenApiHeader>())["ETag"] = new OpenApiHeader
                {
                    Description = "The record's revision, as a strong entity tag (\"7\"): send it back in If-Match to edit that revision.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = ["\"7\""] },
                };
        }
        // The framework's empty 200 for an untyped answer, beside the success the endpoint does describe (202 Accepted).
        if (operation.Responses is { } responses && responses.TryGetValue("200", out var ok) && ok is OpenApiResponse { Content: null } &&
            responses.Any(pair => pair.Key != "200" && pair.Key.StartsWith('2') && pair.Value.Content is { Count: > 0 }))
            responses.Remove("200");
    }

    /// <summary>A conditional read: If-None-Match, the 304 answer, and the validators and caching policy of its answers.</summary>
    private static void DescribeCaching(OpenApiOperation operation, CacheableAttribute cacheable)
    {
        operation.Parameters ??= [];
        AddHeader(operation, "If-None-Match",
            "Entity tags of copies the client holds (or *): when one matches the answer's ETag (weak comparison), the answer is 304 " +
            "Not Modified with no body. A value that is not a list of entity tags is a 400.",
            new OpenApiSchema { Type = JsonSchemaType.String, Examples = ["\"7\""] });
        var cacheControl = new OpenApiHeader
        {
            Description = (cacheable.FixedWhen is { } fixedWhen
                              ? $"When {fixedWhen}, what the request names can no longer change: `public, max-age=86400, immutable` " +
                                "(`private` when reads need a key). Otherwise "
                              : "") +
                          "`public, no-cache` (`private, no-cache` when reads need a key): store, but revalidate with If-None-Match before reuse.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = ["public, no-cache"] },
        };
        var etag = new OpenApiHeader
        {
            Description = "A strong entity tag of this representation, to send in If-None-Match; each representation (JSON, JSON-LD, " +
                          "iCalendar, CSV) has its own, and an erasure changes it.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = ["\"7\""] },
        };
        var headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = etag, ["Cache-Control"] = cacheControl };
        if (cacheable.FixedWhen is not null)
            headers["Last-Modified"] = new OpenApiHeader
            {
                Description = "When the fixed answer was recorded (only then: current answers are validated by their ETag alone); If-Modified-Since is honoured.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = ["Tue, 12 Jun 2018 01:00:00 GMT"] },
            };
        operation.Responses ??= new OpenApiResponses();
        foreach (var (_, answer) in operation.Responses.Where(pair => pair.Key.StartsWith('2')))
            if (answer is OpenApiResponse response)
                foreach (var (name, header) in headers)
                    (response.Headers ??= new Dictionary<string, IOpenApiHeader>()).TryAdd(name, header);
        operation.Responses["304"] = new OpenApiResponse
        {
            Description = "Not Modified: the copy named in If-None-Match is current. No body; the validators and Cache-Control of a 200.",
            Headers = headers,
        };
    }

    private static OpenApiSchema Representation(string mediaType) => mediaType switch
    {
        "application/ld+json" => new() { Type = JsonSchemaType.Object, Description = "schema.org Event(s) as JSON-LD." },
        "text/calendar" => new() { Type = JsonSchemaType.String, Description = "iCalendar (RFC 5545): one VEVENT per record." },
        "text/csv" => new() { Type = JsonSchemaType.String, Description = "CSV (RFC 4180) with a header row: one line per timeline entry. The next page's address is in the Link header." },
        _ => new() { Type = JsonSchemaType.String },
    };
}
