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

/// <summary><c>import &lt;file&gt;</c>: imports NDJSON edit commands of any size in bulk, with the rules of the API, showing its progress.</summary>
[Description("Import NDJSON edit commands (one per line) in bulk with the rules of the command path, showing progress", Name = "import")]
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
        // Read twice, never held whole: once to count the lines (for the progress bar), once to import them.
        int total;
        using (var counting = System.IO.File.OpenText(input.File))
            total = await NdjsonLines.CountNonBlank(counting, CancellationToken.None);
        using var reader = System.IO.File.OpenText(input.File);
        var clock = Stopwatch.StartNew();
        var outcome = await import.Run(
            NdjsonLines.Read(reader), total, new Importer(input.AsFlag, IsAdmin: true), $"cli:{Guid.CreateVersion7()}",
            progress =>
            {
                Console.Write($"\r{Bar(progress.Done, progress.Lines)} {progress.Done}/{progress.Lines} lines, {progress.Records} records created, " +
                              $"{progress.Events} events, {progress.ErrorCount} refused, {progress.LinesPerSecond:0}/s ");
                return Task.CompletedTask;
            },
            CancellationToken.None);

        Console.WriteLine();
        Console.WriteLine($"{outcome.Imported} imported, {outcome.Skipped} already there, {outcome.ErrorCount} refused, in {clock.Elapsed.TotalSeconds:0.0} s.");
        foreach (var error in outcome.Errors) Console.WriteLine($"  line {error.Line}: {error.Reason}");
        if (outcome.ErrorCount > outcome.Errors.Count) Console.WriteLine($"  … and {outcome.ErrorCount - outcome.Errors.Count} more refused lines.");
        return outcome.ErrorCount == 0;
    }

    private static string Bar(int done, int total, int width = 30)
    {
        var filled = total == 0 ? width : done * width / total;
        return $"[{new string('#', filled)}{new string('.', width - filled)}]";
    }
}
