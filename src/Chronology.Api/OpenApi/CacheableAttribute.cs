namespace Chronology.Api.OpenApi;

/// <summary>
/// A read whose answer carries an ETag and Cache-Control and answers 304 Not Modified to a matching If-None-Match
/// (<see cref="Caching.ConditionalReads"/>): the document lists the header, the 304 answer and the answer's caching headers.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CacheableAttribute : Attribute
{
    /// <summary>Which requests name something that can no longer change (cached for a day, immutable, with Last-Modified); null when none do.</summary>
    public string? FixedWhen { get; init; }
}
