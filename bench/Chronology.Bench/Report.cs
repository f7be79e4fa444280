using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Chronology.Bench;

/// <summary>Writes bench/results/&lt;date&gt;-&lt;commit&gt;.md and .json (quick runs go to results/raw/, which git ignores).</summary>
public static class Report
{
    public sealed record Target(string What, string Goal, double? Measured, string Unit, double? Ratio, bool? Met, string How);

    public static List<Target> Targets(Harness harness)
    {
        double? Median(string scenario, string figure) =>
            harness.Scenarios.FirstOrDefault(s => s.Key == scenario)?.Find(figure) is { Runs.Count: > 0 } f ? f.Median : null;

        var targets = new List<Target>();
        var edits32 = Median("edits", "32 clients: edits/s");
        var peer32 = Median("peer", "32 clients: edits/s");
        var ceiling32 = Median("ceiling", "32 clients: transactions/s");
        targets.Add(Ratio("edits at 32 clients vs the CRUD peer at 32", ">= 1.0 x", edits32, peer32, 1.0, "edits/s, median of the runs"));
        targets.Add(Ratio("stretch: edits at 32 clients vs the pgbench ceiling at 32", ">= 0.5 x", edits32, ceiling32, 0.5, "edits/s over tx/s"));
        targets.Add(Below("edit p99 at half the maximum throughput", "< 50 ms", Median("lag", "writes: p99"), 50, "ms", "scenario 4's writes, open loop"));
        // The issue asks for every run under the target, so the worst run is what meets it or not (the median hid a miss).
        targets.Add(Below("projection lag p99, worst run", "< 1 s",
            harness.Scenarios.FirstOrDefault(s => s.Key == "lag")?.Find("lag p99") is { Runs.Count: > 0 } lag ? lag.Max : null,
            1000, "ms", "append answered to visible in GET /records/{id}"));
        targets.Add(Above("current-state (records) rebuild", ">= 20,000 events/s", Median("rebuild", "records: events/s"), 20_000, "events/s"));
        foreach (var view in new[] { "records", "revisions", "changes" })
            targets.Add(Above($"{view} rebuild into the emptied view", ">= 20,000 events/s", Median("rebuild", $"{view} (view emptied first): events/s"), 20_000, "events/s",
                "every row written, as after a change of the projection"));
        foreach (var kind in new[] { "revision", "knownAt", "validAt", "diff" })
            targets.Add(Below($"time travel / diff p95: {kind}", "< 20 ms", Median("timetravel", $"{kind}: p95"), 20, "ms", "not available yet when empty"));
        targets.Add(Ratio("current-state reads revalidated (304) at 32 clients vs the CRUD peer's SELECT by id", ">= 2.0 x",
            Median("reads", "chronology 304 (If-None-Match), 32 clients: req/s"), Median("reads", "peer SELECT by id, 200, 32 clients: req/s"), 2.0,
            "req/s, median of the runs", "req/s"));
        var copy = Median("import", "psql \\copy into a jsonb table");
        targets.Add(Ratio("import accepted (no daemon) vs psql \\copy of the same lines", ">= 0.25 x",
            Median("import", "import accepted, no daemon (lines decided and committed, host start excluded)"), copy, 0.25, "lines/s", "lines/s"));
        targets.Add(Ratio("import end to end (file to the three views caught up) vs the same \\copy", ">= 0.1 x",
            Median("import", "end to end"), copy, 0.1, "lines/s", "lines/s"));
        targets.Add(Below("import command peak memory", "< 500 MiB", Median("import", "import command peak memory (VmHWM), daemon projecting"), 500, "MiB", "VmHWM"));
        targets.Add(Below("API cold start", "< 3 s", Median("coldstart", "API: start to /health/ready") is { } s ? s * 1000 : null, 3000, "ms", "start to /health/ready"));
        return targets;
    }

    private static Target Ratio(string what, string goal, double? value, double? basis, double needed, string how, string unit = "edits/s") =>
        value is { } v && basis is { } b && b > 0
            ? new Target(what, goal, v, unit, v / b, v / b >= needed, $"{how}; basis {b:F0}")
            : new Target(what, goal, value, unit, null, null, how);

    private static Target Below(string what, string goal, double? value, double limit, string unit, string how = "") =>
        new(what, goal, value, unit, value is { } v ? v / limit : null, value is { } x && !double.IsNaN(x) ? x < limit : null, how);

    private static Target Above(string what, string goal, double? value, double limit, string unit, string how = "") =>
        new(what, goal, value, unit, value is { } v ? v / limit : null, value is { } x && !double.IsNaN(x) ? x >= limit : null, how);

    public static async Task<(string Markdown, string Json)> Write(Settings settings, Harness harness, TimeSpan elapsed)
    {
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var folder = settings.Quick ? Path.Combine(settings.OutputFolder, "raw") : settings.OutputFolder;
        Directory.CreateDirectory(folder);
        var name = settings.Partial ? $"{(settings.Quick ? "quick" : "partial")}-{date}-{settings.Commit}" : $"{date}-{settings.Commit}";
        var targets = Targets(harness);

        var json = new
        {
            date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            commit = settings.Commit,
            mode = settings.Quick ? "quick" : settings.Only is not null ? "partial" : "full",
            command = settings.Command,
            harnessSeconds = Math.Round(elapsed.TotalSeconds),
            machine = harness.Machine,
            targets = targets.Select(t => new { t.What, t.Goal, measured = Clean(t.Measured), t.Unit, ratio = Clean(t.Ratio), t.Met, t.How }),
            scenarios = harness.Scenarios.Select(s => new
            {
                s.Key, s.Title,
                figures = s.Figures.Select(f => new
                {
                    f.Name, f.Unit, runs = f.Runs.Select(r => Clean(r)), min = Clean(f.Min), median = Clean(f.Median), max = Clean(f.Max),
                }),
                s.Notes, s.Details,
            }),
        };
        var jsonPath = Path.Combine(folder, name + ".json");
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(json, new JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));

        var md = new StringBuilder();
        md.AppendLine($"# Chronology benchmark, {date}, commit {settings.Commit}{(settings.Quick ? " (QUICK: proves the harness only, not a measurement)" : "")}");
        md.AppendLine();
        md.AppendLine($"Command: `{settings.Command}` — harness time {elapsed.TotalMinutes:F1} min. Every figure is min / median / max over {settings.Runs} run(s).");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        foreach (var (key, value) in harness.Machine) md.AppendLine($"- {key}: {value}");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| target | goal | measured (median) | ratio | met |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var t in targets)
            md.AppendLine($"| {t.What} | {t.Goal} | {(t.Measured is { } m && !double.IsNaN(m) ? $"{Format(m)} {t.Unit}" : "not measured")} | " +
                          $"{(t.Ratio is { } r && !double.IsNaN(r) ? r.ToString("F2", CultureInfo.InvariantCulture) : "–")} | " +
                          $"{(t.Met switch { true => "yes", false => "**MISSED**", null => "–" })} |");
        md.AppendLine();
        md.AppendLine("Ratios: measured / goal basis (for 'below' targets a ratio under 1 is good; for throughput targets over the goal is good).");
        foreach (var scenario in harness.Scenarios)
        {
            md.AppendLine();
            md.AppendLine($"## {scenario.Title}");
            md.AppendLine();
            if (scenario.Figures.Count > 0)
            {
                md.AppendLine("| figure | unit | min | median | max |");
                md.AppendLine("| --- | --- | ---: | ---: | ---: |");
                foreach (var f in scenario.Figures)
                    md.AppendLine($"| {f.Name} | {f.Unit} | {Format(f.Min)} | {Format(f.Median)} | {Format(f.Max)} |");
                md.AppendLine();
            }
            foreach (var note in scenario.Notes) md.AppendLine($"- {note}");
            foreach (var (key, value) in scenario.Details)
                if (value is List<Dictionary<string, object>> { Count: > 0 } rows)
                {
                    md.AppendLine($"- {key}:");
                    md.AppendLine();
                    md.AppendLine($"  | {string.Join(" | ", rows[0].Keys)} |");
                    md.AppendLine($"  | {string.Join(" | ", rows[0].Keys.Select(_ => "---"))} |");
                    foreach (var row in rows)
                        md.AppendLine($"  | {string.Join(" | ", row.Values.Select(cell => $"{cell}".Replace("|", "\\|")))} |");
                    md.AppendLine();
                }
                else md.AppendLine($"- {key}: {(value is string or double or long or int ? value : JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))}");
        }
        var mdPath = Path.Combine(folder, name + ".md");
        await File.WriteAllTextAsync(mdPath, md.ToString());
        return (mdPath, jsonPath);
    }

    private static double? Clean(double? value) => value is { } v && (double.IsNaN(v) || double.IsInfinity(v)) ? null : value is { } x ? Math.Round(x, 3) : null;

    private static string Format(double value) => double.IsNaN(value) ? "–"
        : Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);
}
