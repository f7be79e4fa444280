using System.Diagnostics;
using Chronology.Domain.Imports;
using JasperFx.CommandLine;

namespace Chronology.Worker.Imports;

public sealed class ImportInput : NetCoreInput
{
    [Description("The NDJSON file of edit commands, e.g. samples/korea-2018.ndjson")]
    public string File { get; set; } = "";

    [Description("Who runs the import (recorded as the importing principal); lines are attributed to the editors they name")]
    public string AsFlag { get; set; } = $"cli:{Environment.UserName}";
}

/// <summary><c>import &lt;file&gt;</c>: imports NDJSON edit commands through the same write path as the API, with a progress bar.</summary>
[Description("Import NDJSON edit commands (one per line) through the command path, showing progress", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            Console.Error.WriteLine($"No file {input.File}.");
            return false;
        }
        using var host = input.BuildHost();
        var import = host.Services.GetRequiredService<NdjsonImport>();
        var clock = Stopwatch.StartNew();
        var outcome = await import.Run(
            await System.IO.File.ReadAllTextAsync(input.File), new Importer(input.AsFlag, IsAdmin: true), $"cli:{Guid.CreateVersion7()}",
            progress =>
            {
                Console.Write($"\r{Bar(progress.Done, progress.Lines)} {progress.Done}/{progress.Lines} lines, " +
                              $"{progress.Done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):0.0}/s, {progress.Errors.Count} refused ");
                return Task.CompletedTask;
            },
            CancellationToken.None);

        Console.WriteLine();
        Console.WriteLine($"{outcome.Imported} imported, {outcome.Skipped} already there, {outcome.Errors.Count} refused, in {clock.Elapsed.TotalSeconds:0.0} s.");
        foreach (var error in outcome.Errors) Console.WriteLine($"  line {error.Line}: {error.Reason}");
        return outcome.Errors.Count == 0;
    }

    private static string Bar(int done, int total, int width = 30)
    {
        var filled = total == 0 ? width : done * width / total;
        return $"[{new string('#', filled)}{new string('.', width - filled)}]";
    }
}
