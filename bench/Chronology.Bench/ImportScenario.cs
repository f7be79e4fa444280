using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Chronology.Bench;

/// <summary>
/// 8. Bulk import: one NDJSON file of realistic edits (creations, sources, announcements, schedules, places, participants,
/// outcomes, revisions, holdings and cancellations) through the worker's <c>import</c> command, against <c>psql \copy</c>
/// of the same lines into a jsonb table in the same run: the import alone on a schema no daemon projects (its own rate),
/// the server's floor for the rows it stored (copied out and back into empty clones of their tables), then the same file
/// into a fresh schema while a worker projects it, until the three views have caught up; and the command's peak memory
/// (VmHWM, sampled while it runs).
/// </summary>
public sealed partial class Harness
{
    private const string ImportSchema = "bench_import", ImportAloneSchema = "bench_import_alone", ImportFloorSchema = "bench_import_floor";
    private const int ImportApiPort = 28086, ImportWorkerPort = 28087;
    private static readonly string[] ImportViews = ["records", "revisions", "changes"];

    /// <summary>The tables an import writes, parents first (the events' foreign key names the streams).</summary>
    private static readonly string[] ImportTables =
        ["mt_streams", "mt_events", "mt_doc_record", "mt_doc_editreceipt", "mt_doc_importname", "mt_doc_personalvalue"];

    /// <summary>1,000,000 lines (4,000 in quick mode); BENCH_IMPORT_LINES sets another count, for a shorter run.</summary>
    private int ImportLines => settings.Quick ? 4_000
        : int.TryParse(Environment.GetEnvironmentVariable("BENCH_IMPORT_LINES"), out var lines) && lines >= 20 ? lines : 1_000_000;
    private int ImportRecords => ImportLines / 20;

    private async Task Import(Scenario scenario)
    {
        var file = Path.Combine(settings.OutputFolder, "raw", $"import-{ImportLines}.ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var bytes = ImportFile.Write(file, ImportLines, ImportRecords);
        scenario.Details["file"] = $"{ImportLines:N0} lines over {ImportRecords:N0} records, {bytes / 1024.0 / 1024.0:F0} MiB";

        // The ceiling is timed on both sides of the import alone and their mean is the ratios' basis: the host's speed drifts
        // within minutes, and a \copy of seconds moves with it far more than the import does (bench/README.md, bulk import
        // round 5).
        var copyBefore = await CopyCeiling(file);
        // The import's own rate: its schema applied by db-apply, no daemon projecting what it writes.
        await RunWorker(ImportAloneSchema, "db-apply");
        var alone = await RunImportCommand(file, ImportAloneSchema, $"{ImportLines} imported, 0 already there, 0 refused");
        var copyAfter = await CopyCeiling(file);
        var copySeconds = (copyBefore + copyAfter) / 2;
        scenario.Add("psql \\copy, before the import alone", "lines/s", ImportLines / copyBefore);
        scenario.Add("psql \\copy, after the import alone", "lines/s", ImportLines / copyAfter);
        scenario.Add("psql \\copy into a jsonb table", "lines/s", ImportLines / copySeconds);
        Say($"   \\copy: {ImportLines / copySeconds:F0} lines/s ({copyBefore:F1} s before the import alone, {copyAfter:F1} s after)");

        scenario.Add("import accepted, no daemon (lines decided and committed, host start excluded)", "lines/s", ImportLines / alone.ImportSeconds);
        scenario.Add("import command wall time, no daemon (host start and line count included)", "s", alone.WallSeconds);
        scenario.Add("import command peak memory (VmHWM), no daemon", "MiB", alone.PeakMiB);
        scenario.Add("ratio: import accepted (no daemon) / \\copy", "x", copySeconds / alone.ImportSeconds);
        Say($"   import, no daemon: {ImportLines / alone.ImportSeconds:F0} lines/s ({alone.ImportSeconds:F1} s), peak {alone.PeakMiB:F0} MiB, " +
            $"ratio {copySeconds / alone.ImportSeconds:F4}");

        var floor = await ServerFloor(ImportAloneSchema);
        foreach (var (table, seconds) in floor) scenario.Add($"server floor: {table} (binary COPY into an empty clone)", "s", seconds);
        var floorSeconds = floor.Sum(table => table.Seconds);
        scenario.Add("server floor: the import's rows", "lines/s", ImportLines / floorSeconds);
        scenario.Add("ratio: server floor / \\copy", "x", copySeconds / floorSeconds);
        Say($"   server floor: {ImportLines / floorSeconds:F0} lines/s ({floorSeconds:F2} s: " +
            $"{string.Join(", ", floor.Select(table => $"{table.Table} {table.Seconds:F2}"))}), ratio {copySeconds / floorSeconds:F3}");
        await DropSchemas(ImportAloneSchema, ImportFloorSchema);

        // End to end: the same file into a fresh schema, its views projected by a worker of their own (started first, as in
        // production), watched through an API of its own.
        await using var daemon = StartWorker(ImportSchema, ImportWorkerPort, "import");
        await daemon.WaitReady(TimeSpan.FromSeconds(120));
        await using var reader = StartApi(ImportSchema, ImportApiPort, "import");
        await reader.WaitReady(TimeSpan.FromSeconds(60));

        var endToEnd = Stopwatch.StartNew();
        var projected = await RunImportCommand(file, ImportSchema, $"{ImportLines} imported, 0 already there, 0 refused");
        scenario.Add("import accepted, daemon projecting the same events (host start excluded)", "lines/s", ImportLines / projected.ImportSeconds);
        scenario.Add("import command peak memory (VmHWM), daemon projecting", "MiB", projected.PeakMiB);
        scenario.Add("ratio: import accepted (daemon projecting) / \\copy", "x", copySeconds / projected.ImportSeconds);
        Say($"   import, daemon projecting: {ImportLines / projected.ImportSeconds:F0} lines/s ({projected.ImportSeconds:F1} s), peak {projected.PeakMiB:F0} MiB");

        using var http = Client(reader.Url, 2);
        var caughtUp = false;
        while (endToEnd.Elapsed < settings.CatchUpBudget + TimeSpan.FromMinutes(settings.Quick ? 0 : 15))
        {
            var views = (await Projections(http)).Where(p => ImportViews.Contains(p.Name)).ToList();
            if (views.Count == ImportViews.Length && views.All(v => v.HighWaterMark > 0 && v.Position >= v.HighWaterMark))
            {
                caughtUp = true;
                break;
            }
            await Task.Delay(250);
        }
        var e2e = endToEnd.Elapsed.TotalSeconds;
        if (caughtUp)
        {
            scenario.Add("end to end: file to records, revisions and changes caught up", "s", e2e);
            scenario.Add("end to end", "lines/s", ImportLines / e2e);
            scenario.Add("ratio: end to end / \\copy", "x", copySeconds / e2e);
            Say($"   end to end: {ImportLines / e2e:F0} lines/s ({e2e:F1} s)");
        }
        else scenario.Notes.Add($"The views had not caught up {e2e:F0} s after the import started.");

        // A second run of the same file adds nothing (its keys are all there): the cost of recognising a file already imported.
        var again = await RunImportCommand(file, ImportSchema, $"0 imported, {ImportLines} already there, 0 refused");
        scenario.Add("same file again (every line already there)", "lines/s", ImportLines / again.ImportSeconds);

        scenario.Notes.Add("`Chronology.Worker import <file>` (chunks of 4,000 lines decided in memory with the commands' own Decide, one " +
                           "transaction each, written by COPY: events with their metadata, the write states, the personal values' openings, " +
                           "one receipt per line, the names; the next chunk parsed, decided and serialised while one is written and committed). " +
                           "`psql \\copy` of the same file into `(line jsonb)` (CSV mode with quote and delimiter characters the file never " +
                           "holds), timed before and after the import alone in the same run; the ratios use the mean of the two. \"No daemon\": into a schema created by `db-apply` that no worker projects. The " +
                           "server floor: the rows that import stored, table by table, copied out in binary and timed copying them into empty " +
                           "clones of their tables (`like … including all`, the events' foreign key to the streams added), one COPY per table: " +
                           "what a client that cost nothing would still wait for. \"Daemon projecting\" and end to end: the same file into a " +
                           "fresh schema while a worker of its own projects the views, from the start of the command until `records`, " +
                           "`revisions` and `changes` are at the high water mark. Peak memory: the import process's VmHWM, sampled every 100 ms.");
    }

    /// <summary>
    /// The database's own time for the rows an import stored in <paramref name="schema"/>: each table copied out in binary,
    /// then timed copying it into an empty clone with the same indexes (and the events' foreign key), parents first.
    /// </summary>
    private async Task<List<(string Table, double Seconds)>> ServerFloor(string schema)
    {
        await using var connection = new NpgsqlConnection(settings.Connection);
        await connection.OpenAsync();
        await Execute(connection, $"drop schema if exists {ImportFloorSchema} cascade; create schema {ImportFloorSchema}; " +
                                  string.Concat(ImportTables.Select(table => $"create table {ImportFloorSchema}.{table} (like {schema}.{table} including all); ")) +
                                  $"alter table {ImportFloorSchema}.mt_events add foreign key (stream_id) references {ImportFloorSchema}.mt_streams (id) on delete cascade");
        var times = new List<(string, double)>();
        var dump = Path.Combine(settings.OutputFolder, "raw", "import-floor.copy");
        try
        {
            foreach (var table in ImportTables)
            {
                await using (var output = File.Create(dump))
                await using (var copyOut = await connection.BeginRawBinaryCopyAsync($"copy {schema}.{table} to stdout (format binary)"))
                    await copyOut.CopyToAsync(output);
                var clock = Stopwatch.StartNew();
                await using (var input = File.OpenRead(dump))
                await using (var copyIn = await connection.BeginRawBinaryCopyAsync($"copy {ImportFloorSchema}.{table} from stdin (format binary)"))
                    await input.CopyToAsync(copyIn);
                times.Add((table, clock.Elapsed.TotalSeconds));
            }
        }
        finally
        {
            File.Delete(dump);
        }
        return times;
    }

    private async Task DropSchemas(params string[] schemas)
    {
        await using var connection = new NpgsqlConnection(settings.Connection);
        await connection.OpenAsync();
        await Execute(connection, string.Concat(schemas.Select(schema => $"drop schema if exists {schema} cascade; ")));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Seconds <c>psql \copy</c> takes to load the file into a fresh jsonb table.</summary>
    private async Task<double> CopyCeiling(string file)
    {
        await using (var connection = new NpgsqlConnection(settings.Connection))
        {
            await connection.OpenAsync();
            await Execute(connection, "drop table if exists bench_import_copy; create table bench_import_copy (line jsonb not null)");
        }
        var parts = settings.ConnectionParts;
        var psql = Path.Combine(Path.GetDirectoryName(settings.PgBench)!, "psql");
        var info = new ProcessStartInfo(psql) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", parts.Host!, "-p", $"{parts.Port}", "-U", parts.Username!, "-d", parts.Database!,
                     "-c", $@"\copy bench_import_copy(line) from '{file}' with (format csv, quote e'\x01', delimiter e'\x02')",
                 })
            info.ArgumentList.Add(arg);
        if (parts.Password is { } password) info.Environment["PGPASSWORD"] = password;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"psql \\copy failed: {await errors}");
        return seconds;
    }

    /// <summary>
    /// Runs the worker's import command on the file into <paramref name="schema"/>, which must report <paramref name="expected"/>;
    /// its own timing of the import, the wall time, its peak memory.
    /// </summary>
    private async Task<(double ImportSeconds, double WallSeconds, double PeakMiB)> RunImportCommand(string file, string schema, string expected)
    {
        var (wall, peakMiB, output) = await RunWorker(schema, "import", file, "--as", "bench");
        var timed = ImportTime().Match(output);
        if (!timed.Success || !output.Contains(expected))
            throw new InvalidOperationException($"the import did not report '{expected}': {output[^Math.Min(output.Length, 2000)..]}");
        return (double.Parse(timed.Groups[1].Value, CultureInfo.InvariantCulture), wall, peakMiB);
    }

    /// <summary>Runs a command of the worker (not its daemon) against <paramref name="schema"/>: wall time, peak memory (VmHWM), output.</summary>
    private async Task<(double WallSeconds, double PeakMiB, string Output)> RunWorker(string schema, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(settings.WorkerDll)!,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in arguments.Prepend(settings.WorkerDll)) info.ArgumentList.Add(arg);
        foreach (var (key, value) in settings.ChronologyEnvironment(schema)) info.Environment[key] = value;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peakKiB = 0;
        while (!process.HasExited)
        {
            try
            {
                peakKiB = Math.Max(peakKiB, ProcFs.StatusKiB(process.Id, "VmHWM"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended between the check and the read.
            }
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(100));
        }
        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        var text = output.ToString();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the worker's {arguments[0]} failed ({process.ExitCode}): {text[^Math.Min(text.Length, 2000)..]}");
        return (wall, peakKiB / 1024.0, text);
    }

    [GeneratedRegex(@"refused, in ([0-9.]+) s\.")]
    private static partial Regex ImportTime();
}

/// <summary>
/// A realistic import file: each record goes through twenty edits (created, a source cited, announced, four participants,
/// scheduled, placed, six outcomes, its summary revised, a participant's role changed, an outcome retracted, and held or
/// cancelled), and the records' lines are interleaved a hundred records at a time, as an archive exported by date would be.
/// </summary>
public static class ImportFile
{
    public static long Write(string path, int lines, int records)
    {
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            var written = 0;
            for (var window = 0; window < records && written < lines; window += 100)
            {
                var ids = Enumerable.Range(window, Math.Min(100, records - window)).ToArray();
                for (var step = 0; step < 20 && written < lines; step++)
                    foreach (var record in ids)
                    {
                        if (written == lines) break;
                        writer.Write(Line(record, step));
                        writer.Write('\n');
                        written++;
                    }
            }
        }
        return new FileInfo(path).Length;
    }

    private static string Line(int record, int step)
    {
        var r = $"r{record}";
        var day = new DateOnly(2018, 1, 1).AddDays(record % 300);
        var (command, body, key) = step switch
        {
            0 => ("create", (object)new { kind = record % 3 == 0 ? "summit" : "talks", title = new { en = $"Meeting {record}", ko = $"회담 {record}" }, tags = new[] { "bench", $"series-{record % 50}" }, timeZone = "Asia/Seoul" }, $"{r}-create"),
            1 => ("citeSource", new { url = $"https://example.org/news/{record}", title = $"Report on meeting {record}", publisher = "Example News" }, $"{r}-src"),
            2 => ("announce", new { on = Day(day, -40), by = "the ministry", reason = "announced at a press briefing", sources = new[] { $"@{r}-src" } }, $"{r}-announce"),
            >= 3 and <= 6 => ("addParticipant", new { name = new { en = $"Delegate {step} of {record}" }, role = "delegate", side = step % 2 == 0 ? "KR" : "KP" }, $"{r}-par{step}"),
            7 => ("schedule", new { on = Day(day, -20), start = Day(day, 0), sources = new[] { $"@{r}-src" } }, $"{r}-schedule"),
            8 => ("place", new { name = new { en = $"Hall {record % 17}" }, locality = "Panmunjom", country = "KR", on = Day(day, -20) }, $"{r}-place"),
            >= 9 and <= 14 => ("addOutcome", new { text = new { en = $"Outcome {step - 8} of meeting {record}: both sides agreed to continue talks." } }, $"{r}-out{step}"),
            15 => ("revise", new { summary = new { en = $"Meeting {record} between delegations of both sides, revised after the minutes were published." } }, $"{r}-revise"),
            16 => ("changeParticipantRole", new { itemId = $"@{r}-par3", role = "head of delegation" }, $"{r}-role"),
            17 => ("retractOutcome", new { itemId = $"@{r}-out9" }, $"{r}-retract"),
            18 => ("revise", new { tags = new[] { "bench", $"series-{record % 50}", "reviewed" } }, $"{r}-tags"),
            _ => record % 10 == 0
                ? ("cancel", new { on = Day(day, -5), by = "the ministry", reason = "postponed indefinitely" }, $"{r}-end")
                : ("hold", (object)new { on = Day(day, 0), start = Day(day, 0) }, $"{r}-end"),
        };
        return JsonSerializer.Serialize(new { key, record = r, command, body, editor = $"editor{record % 7}", comment = $"step {step}", correction = false });
    }

    private static string Day(DateOnly day, int offset) => day.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
