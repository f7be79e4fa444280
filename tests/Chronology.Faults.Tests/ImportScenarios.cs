using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Chronology.Faults.Tests;

/// <summary>
/// kill -9 of the worker's <c>import</c> command half way through a file of many chunks, then the same command again:
/// each chunk committed whole or not at all, and the second run stores exactly the lines the first did not.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Faults")]
public sealed class ImportScenarios(FaultPostgres postgres, ITestOutputHelper output)
{
    private const int Records = 1500;
    private const int LinesEach = 20;
    private const int Lines = Records * LinesEach;

    [Fact]
    public async Task An_import_killed_mid_file_and_run_again_stores_every_line_exactly_once()
    {
        var report = new FaultReport(output, "kill -9 import");
        await using var cluster = await Cluster.Start(postgres, "import");
        var file = Path.Combine(Repository.Root, "artifacts", "faults", "import", "lines.ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, LinesEach).SelectMany(step => Enumerable.Range(0, Records).Select(record =>
            JsonSerializer.Serialize(step == 0
                ? new { key = $"r{record}-0", record = $"r{record}", command = "create", body = (object)new { kind = "summit", title = new { en = $"Summit {record}" } } }
                : new { key = $"r{record}-{step}", record = $"r{record}", command = "addOutcome", body = (object)new { text = new { en = $"outcome {step}" } } }))));

        long atKill;
        await using (var first = ImportProcess.Start(cluster, file))
        {
            // Killed once at least one chunk committed, well before the last.
            var clock = Stopwatch.StartNew();
            while (await Count(cluster, "mt_doc_editreceipt") == 0)
            {
                Assert.False(first.HasExited, $"the import ended before it was killed: {first.Output}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"no chunk committed within 3 minutes: {first.Output}");
                await Task.Delay(50);
            }
            await first.Kill();
            atKill = await Count(cluster, "mt_doc_editreceipt");
        }
        Assert.InRange(atKill, 1, Lines - 1);
        // A chunk commits whole: each line stored has its event, and each event its line's receipt.
        Assert.Equal(atKill, await Count(cluster, "mt_events"));

        await using (var again = ImportProcess.Start(cluster, file))
        {
            Assert.True(await again.Exited(TimeSpan.FromMinutes(10)) == 0, again.Output);
            Assert.Contains($"{Lines - atKill} imported, {atKill} already there, 0 refused", again.Output);
        }
        Assert.Equal(Lines, await Count(cluster, "mt_events"));
        Assert.Equal(Lines, await Count(cluster, "mt_doc_editreceipt"));
        Assert.Equal(Records, await Scalar(cluster, $"select count(*) from chronology.mt_doc_record where (data->>'revision')::int = {LinesEach}"));
        var caughtUp = await cluster.Views.CaughtUp(TimeSpan.FromMinutes(3));
        report.Line($"{Lines} lines, the import killed after {atKill} were stored; the second run stored the other {Lines - atKill}, " +
                    $"each line once; views caught up {caughtUp.TotalSeconds:0.0} s later");
    }

    private static Task<long> Count(Cluster cluster, string table) => Scalar(cluster, $"select count(*) from chronology.{table}");

    private static async Task<long> Scalar(Cluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>The built worker running <c>import &lt;file&gt;</c>, as an operator runs it.</summary>
    private sealed class ImportProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        private ImportProcess(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
            process.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (output) return output.ToString();
            }
        }

        public bool HasExited => process.HasExited;

        public static ImportProcess Start(Cluster cluster, string file)
        {
            var dll = Repository.Built("Chronology.Worker");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ConnectionStrings__chronology"] = cluster.Connection, ["DOTNET_ENVIRONMENT"] = "Development" },
            };
            foreach (var argument in new[] { dll, "import", file }) start.ArgumentList.Add(argument);
            return new ImportProcess(Process.Start(start)!);
        }

        public async Task<int> Exited(TimeSpan patience)
        {
            await process.WaitForExitAsync().WaitAsync(patience);
            return process.ExitCode;
        }

        /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
        public async Task Kill()
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Kill();
            process.Dispose();
        }
    }
}
