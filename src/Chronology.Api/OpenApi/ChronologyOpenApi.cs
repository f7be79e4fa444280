namespace Chronology.Api.OpenApi;

public static class ChronologyOpenApi
{
    /// <summary>
    /// The served document describes the whole contract. Endpoints state only what is their own (summary, tag, typed
    /// body and answer); what follows from the route, the method and the authorization metadata is added here by
    /// convention, so that no endpoint lists it by hand: problem answers, security, headers, tags and examples.
    /// </summary>
    public static IServiceCollection AddChronologyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ContractDocumentTransformer>();
            options.AddOperationTransformer<ContractOperationTransformer>();
            options.AddSchemaTransformer<ContractSchemaTransformer>();
        });
}
