namespace Chronology.Api.Records.Editing;

/// <summary>A record's entity tag is its revision: <c>"7"</c>.</summary>
public static class ETags
{
    public static string Of(int revision) => $"\"{revision}\"";

    public static bool IsWeak(string header) => header.TrimStart().StartsWith("W/", StringComparison.Ordinal);

    /// <summary>A strong tag naming one revision, as <c>"7"</c>.</summary>
    public static bool TryParse(string header, out int revision)
    {
        revision = 0;
        var value = header.Trim();
        return value is ['"', .., '"'] && int.TryParse(value[1..^1], System.Globalization.NumberStyles.None, null, out revision) && revision > 0;
    }
}
