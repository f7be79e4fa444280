namespace Chronology.Api.Admin;

/// <summary><c>POST /admin/projections/{name}/skip</c>: the event the projection stopped on, and why it may be left out.</summary>
public sealed record SkipRequest(long? Sequence, string? Reason);
