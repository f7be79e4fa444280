using Chronology.Domain.Imports;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests.Telemetry;

/// <summary>The bulk import writes its rows by COPY, past the session listener that counts edits: it counts its own.</summary>
public sealed partial class MetricsTests
{
    [Fact]
    public async Task An_import_counts_each_accepted_line_as_an_edit()
    {
        var before = await Scrape();
        var lines = string.Join('\n',
            """{"key":"m-1","record":"m","command":"create","body":{"kind":"summit","title":{"en":"Counted"}}}""",
            """{"key":"m-2","record":"m","command":"addOutcome","body":{"text":{"en":"a statement"}}}""",
            """{"key":"m-3","record":"m","command":"addOutcome","body":{"text":{"en":"another"}}}""",
            """{"key":"n-1","record":"n","command":"create","body":{"kind":"summit","title":{"en":"Counted too"}}}""");
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var outcome = await new NdjsonImport(store, TimeProvider.System).Run(lines, new Importer("root", IsAdmin: true), "metrics", _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(4, outcome.Imported);

        var after = await Eventually(async () => await Scrape() is var text && Edits(text, "created") == Edits(before, "created") + 2 ? text : null);
        Assert.Equal(Edits(before, "revised") + 2, Edits(after, "revised"));
    }
}
