using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Chronology.Api.Records.Editing;

/// <summary>
/// Describes the media type each command endpoint reads its body as: <see cref="EditBodyBinding"/> takes the body's media
/// type off the route's metadata (so a wrong one gets our 415 problem, not routing's bare 415), and without it the
/// description would say application/json where the endpoint takes a merge patch.
/// </summary>
public sealed class EditBodyDescriptions : IApiDescriptionProvider
{
    // After Wolverine's provider (and ASP.NET Core's, at order -1000), which build the descriptions this corrects.
    public int Order => 1000;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            if (description.ActionDescriptor.EndpointMetadata?.OfType<MergePatchAttribute>().Any() != true) continue;
            description.SupportedRequestFormats.Clear();
            description.SupportedRequestFormats.Add(new ApiRequestFormat { MediaType = RequestBody.MergePatchType });
        }
    }
}
