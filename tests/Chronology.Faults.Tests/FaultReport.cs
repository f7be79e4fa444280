using Xunit.Abstractions;

namespace Chronology.Faults.Tests;

/// <summary>
/// The figures of each scenario (answers by status, how long things took), written to the test output and to
/// artifacts/faults/report.md, which ./test.sh prints at the end.
/// </summary>
public sealed class FaultReport(ITestOutputHelper output, string scenario)
{
    private static readonly object FileLock = new();

    public void Line(string text)
    {
        output.WriteLine(text);
        var path = Path.Combine(Repository.Root, "artifacts", "faults", "report.md");
        lock (FileLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, $"- {scenario}: {text}\n");
        }
    }
}
