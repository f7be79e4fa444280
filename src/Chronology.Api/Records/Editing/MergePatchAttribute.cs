namespace Chronology.Api.Records.Editing;

/// <summary>The endpoint's body is an RFC 7396 merge patch, sent as <c>application/merge-patch+json</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MergePatchAttribute : Attribute;
