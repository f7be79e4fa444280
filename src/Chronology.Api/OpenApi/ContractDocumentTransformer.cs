using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>What the document says as a whole: what the API is, where it is served, its resources and its security scheme.</summary>
public sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Chronology API",
            Version = "1",
            Description = "A chronology of diplomatic meetings with two clocks: valid time (when things happened in the world, as EDTF dates) " +
                          "and recorded time (when the chronology learnt them, every revision kept). Errors are RFC 9457 problems " +
                          "(application/problem+json) with a stable `code`; the revision is the ETag, and commands take `If-Match` and `Idempotency-Key`.",
        };
        // Relative, so the document is right wherever the API is served (and "try it" in /scalar/v1 calls the same host).
        document.Servers = [new OpenApiServer { Url = "/" }];
        // Every resource an operation is tagged with, described, in the order of ResourceTags.All.
        var used = (document.Paths?.Values.AsEnumerable() ?? [])
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .ToHashSet();
        var described = ResourceTags.All.Where(tag => used.Contains(tag.Name)).ToList();
        document.Tags = new HashSet<OpenApiTag>(
            described.Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Description })
                .Concat(used.Except(described.Select(tag => tag.Name)).Order().Select(name => new OpenApiTag { Name = name })),
            TagNames.Instance);
        ContractComponents.EnsureIn(document);
        // The schema the framework gives an untyped IResult answer says nothing; the operations no longer refer to it.
        document.Components!.Schemas!.Remove("IResult");
        return Task.CompletedTask;
    }

    /// <summary>Tags are one per name.</summary>
    private sealed class TagNames : IEqualityComparer<OpenApiTag>
    {
        public static readonly TagNames Instance = new();

        public bool Equals(OpenApiTag? x, OpenApiTag? y) => x?.Name == y?.Name;

        public int GetHashCode(OpenApiTag tag) => tag.Name?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
