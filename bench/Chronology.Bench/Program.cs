using System.Diagnostics;
using Chronology.Bench;

ThreadPool.SetMinThreads(256, 256);
var settings = Settings.Parse(args);
var clock = Stopwatch.StartNew();
var harness = new Harness(settings);
var failed = await harness.RunAll();
var (markdown, json) = await Report.Write(settings, harness, clock.Elapsed);
Console.WriteLine();
Console.WriteLine(File.ReadAllText(markdown));
Console.WriteLine($"results: {markdown}");
Console.WriteLine($"         {json}");
Console.WriteLine($"harness time: {clock.Elapsed.TotalSeconds:F0} s");
if (failed.Count > 0)
{
    Console.Error.WriteLine($"FAILED scenarios: {string.Join(", ", failed)} (see the notes in the results and the logs in {settings.LogFolder})");
    return 1;
}
return 0;
