using System.Globalization;
using System.Text.RegularExpressions;

namespace Chronology.Api.Tests.Telemetry;

/// <summary>The samples of a Prometheus text exposition (format 0.0.4): <c>name{label="value",…} number [timestamp]</c>.</summary>
public sealed partial class PrometheusText(string text)
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex Label();

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/>; null when there is none.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels)
    {
        var matching = text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Sample().Match(line))
            .Where(sample => sample.Success && sample.Groups["name"].Value == name)
            .Where(sample => labels.All(wanted => Label().Matches(sample.Groups["labels"].Value)
                .Any(label => label.Groups["key"].Value == wanted.Key && label.Groups["value"].Value == wanted.Value)))
            .Select(sample => double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return matching.Count == 0 ? null : matching.Sum();
    }
}
