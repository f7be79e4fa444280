using Record = Chronology.Domain.Records.Record;
using Chronology.Faults.Tests;
using JasperFx.Core;
using Marten;

namespace Chronology.Worker.Tests;

/// <summary>The worker's command line writes through the store directly: no worker needs to run.</summary>
public sealed class CommandLineFixture : WorkerFixture
{
    protected override bool StartsWorker => false;
}

/// <summary><c>Chronology.Worker import &lt;file&gt;</c>, run as an operator runs it.</summary>
public sealed class ImportCommandTests(CommandLineFixture chronology) : IClassFixture<CommandLineFixture>
{
    private static readonly string SampleFile = Path.Combine(Repository.Root, "samples", "korea-2018.ndjson");

    private static readonly int SampleLines = File.ReadAllLines(SampleFile).Count(line => line.Trim().Length > 0);

    [Fact]
    public async Task The_import_command_stores_the_sample_through_the_write_path_and_a_second_run_adds_nothing()
    {
        await using (var first = WorkerProcess.Start(chronology.Settings, "import", SampleFile))
        {
            Assert.True(await first.Exited(3.Minutes()) == 0, first.Output);
            Assert.Contains($"{SampleLines} imported, 0 already there, 0 refused", first.Output);
        }
        await using var session = chronology.Store.QuerySession();
        var records = await session.Query<Record>().ToListAsync();
        Assert.Equal(9, records.Count);

        await using (var again = WorkerProcess.Start(chronology.Settings, "import", SampleFile))
        {
            Assert.True(await again.Exited(3.Minutes()) == 0, again.Output);
            Assert.Contains($"0 imported, {SampleLines} already there, 0 refused", again.Output);
        }
        Assert.Equal(records.Sum(record => record.Revision), (await session.Query<Record>().ToListAsync()).Sum(record => record.Revision));
    }

    [Fact]
    public async Task The_import_command_names_a_file_that_is_not_there_and_fails()
    {
        await using var missing = WorkerProcess.Start(chronology.Settings, "import", "no-such-file.ndjson");
        Assert.NotEqual(0, await missing.Exited(2.Minutes()));
        Assert.Contains("No file no-such-file.ndjson", missing.Output);
    }
}
