namespace Chronology.Api.Problems;

/// <summary>The largest request body any endpoint reads.</summary>
public static class RequestLimits
{
    public const long BodyBytes = 256 * 1024;
}
