namespace Chronology.Api.Admin;

/// <summary>Every async projection, as <c>GET /admin/projections</c> lists them.</summary>
public sealed record ProjectionList(IReadOnlyList<ProjectionItem> Items);
