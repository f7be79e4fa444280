namespace Chronology.Api.OpenApi;

/// <summary>
/// Media types an endpoint also answers in besides JSON, chosen by the Accept header (or by an address that asks for one,
/// as <c>.ics</c> does): the document lists each as a representation of the success answer.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServesAttribute(params string[] mediaTypes) : Attribute
{
    public IReadOnlyList<string> MediaTypes { get; } = mediaTypes;

    /// <summary>Whether the endpoint answers only in these types (no JSON), as the <c>.ics</c> addresses do.</summary>
    public bool Only { get; init; }
}
