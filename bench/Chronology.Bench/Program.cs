using System.Diagnostics;
using Chronology.Bench;

if (args.Length > 0 && args[0] == "fold-replay")
{
    // Diagnostic, before the load generator's thread settings: bench fold-replay [records] [revisions] [allocations]
    FoldReplay.Run(int.Parse(args.ElementAtOrDefault(1) ?? "50000"), int.Parse(args.ElementAtOrDefault(2) ?? "20"), args.Contains("allocations"));
    return 0;
}
ThreadPool.SetMinThreads(256, 256);
if (args.Length > 0 && args[0] == "probe-bulk")
{
    // Diagnostic: bench probe-bulk <connection> <records> <revisions> <perSession> <parallel>
    using var store = BulkLoad.Store(args[1], "bench_probe");
    var (seconds, events) = await BulkLoad.Records(store, int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]));
    Console.WriteLine($"{events} events in {seconds:F1} s: {events / seconds:F0} events/s");
    return 0;
}
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
