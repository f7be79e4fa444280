namespace Chronology.Bench;

/// <summary>One measured quantity, with its value in every run, summarised as min / median / max.</summary>
public sealed class Figure(string name, string unit)
{
    public string Name { get; } = name;
    public string Unit { get; } = unit;
    public List<double> Runs { get; } = [];
    public double Min => Runs.Count == 0 ? double.NaN : Runs.Min();
    public double Max => Runs.Count == 0 ? double.NaN : Runs.Max();
    public double Median => Stats.Median(Runs);
}

public sealed class Scenario(string key, string title)
{
    public string Key { get; } = key;
    public string Title { get; } = title;
    public List<Figure> Figures { get; } = [];
    public List<string> Notes { get; } = [];
    public Dictionary<string, object> Details { get; } = [];

    public Figure Figure(string name, string unit)
    {
        var figure = Figures.FirstOrDefault(f => f.Name == name);
        if (figure is null) Figures.Add(figure = new Figure(name, unit));
        return figure;
    }

    public void Add(string name, string unit, double value) => Figure(name, unit).Runs.Add(value);

    public Figure? Find(string name) => Figures.FirstOrDefault(f => f.Name == name);
}

public static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of sorted values (the HdrHistogram convention, without the buckets).</summary>
    public static double Percentile(double[] sorted, double percentile)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
