using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

// Opens each page in a fresh browser context (empty cache, as a first visit) N times and reads, from the page's own
// clock, when the first paint happened and when the page had drawn its data (the mark app.js sets when ready).
var url = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080");
var runs = int.Parse(args.ElementAtOrDefault(1) ?? "15", CultureInfo.InvariantCulture);
var output = args.ElementAtOrDefault(2);

var pages = new (string Name, string Path)[] { ("timeline", "/") };
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Viewer first render ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"`bench/viewer-render.sh {url} {runs}`: Chromium {browser.Version} headless, 1280×900, a fresh context (no cache) per run, " +
                  $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the start.");
report.AppendLine("Times from navigation start, in ms: first contentful paint, and the page drawn with its data (`chronology:ready`).");
report.AppendLine();
report.AppendLine("| page | entries drawn | first paint min / median / max | drawn with data min / median / max | goal (< 1 s) |");
report.AppendLine("| --- | --- | --- | --- | --- |");
foreach (var (name, path) in pages)
{
    var paints = new List<double>();
    var ready = new List<double>();
    var entries = 0;
    for (var run = 0; run < runs + 1; run++)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(url, path).ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var times = await page.EvaluateAsync<double[]>("""
            () => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
                   performance.getEntriesByName('chronology:ready')[0]?.startTime ?? NaN,
                   document.querySelectorAll('ol.timeline li').length]
            """);
        if (run == 0) continue; // the first visit warms the server's own caches and compiled handlers
        paints.Add(times[0]);
        ready.Add(times[1]);
        entries = (int)times[2];
    }
    var met = Median(ready) < 1000 ? "met" : "missed";
    report.AppendLine(CultureInfo.InvariantCulture, $"| {name} (`{path}`) | {entries} | {Summary(paints)} | {Summary(ready)} | {met} |");
}
Console.Write(report);
if (output is not null) await File.WriteAllTextAsync(output, report.ToString());

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
static string Summary(List<double> values) => string.Create(CultureInfo.InvariantCulture, $"{values.Min():0} / {Median(values):0} / {values.Max():0}");
