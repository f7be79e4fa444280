using Chronology.Domain.Imports;
using Chronology.Domain.Records.Editing;
using Marten;

namespace Chronology.Api.Tests;

public sealed partial class BulkImportTests
{
    /// <summary>
    /// Two imports of the same file at once race for the same keys and names chunk after chunk: a chunk that loses (its
    /// COPY meets the other's rows, or the two deadlock) is decided again on its own while the next one is already decided,
    /// and every line must still be stored exactly once, counted by one of the two as imported and by the other as there.
    /// </summary>
    [Fact]
    public async Task Two_imports_of_the_same_file_at_once_store_every_line_once()
    {
        var file = string.Join('\n', ManyRecords(records: 200, linesEach: 12));
        var imports = await Task.WhenAll(Enumerable.Range(0, 2).Select(n =>
            Task.Run(() => new NdjsonImport(Store, TimeProvider.System, chunkLines: 300).Run(file, Admin, $"race-{n}", _ => Task.CompletedTask, CancellationToken.None))));

        Assert.All(imports, import => Assert.Equal(0, import.ErrorCount));
        Assert.Equal(2400, imports.Sum(import => import.Imported));
        Assert.Equal(2400, imports.Sum(import => import.Skipped));
        Assert.Equal(2400, await EventCount());
        await using var session = Store.QuerySession();
        Assert.Equal(200, await session.Query<Domain.Records.Record>().CountAsync());
        Assert.All(await session.Query<Domain.Records.Record>().ToListAsync(), record => Assert.Equal(12, record.Revision));
        Assert.Equal(2400, await session.Query<EditReceipt>().CountAsync());
    }
}
