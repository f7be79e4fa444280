using Chronology.Domain.Views;

namespace Chronology.Api.Tests;

/// <summary>
/// The revisions view keeps the whole state only every <see cref="RevisionView.SnapshotEvery"/> revisions: every past
/// revision, between snapshots too, reads exactly as the record read when it was current.
/// </summary>
public sealed class RevisionSnapshotTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Every_past_revision_of_a_long_record_reads_as_the_record_read_when_it_was_current()
    {
        var id = await Api.CreateRecord();
        var asCurrent = new Dictionary<int, string> { [1] = (await Api.Get($"/records/{id}")).Text };
        var summarySetAt = 1;
        for (var i = 2; asCurrent.Count < 2 * RevisionView.SnapshotEvery + 5; i++)
        {
            var answer = (i % 4) switch
            {
                0 => await Api.Post($"/records/{id}/outcomes", $$$"""{"text":{"en":"Outcome {{{i}}}"}}"""),
                1 => await Api.Post($"/records/{id}/sources", $$$"""{"url":"https://example.org/{{{i}}}","title":"Source {{{i}}}"}"""),
                // Two events in one revision.
                2 => await Api.Post($"/records/{id}/edits",
                    $$$$"""{"comment":"two at once","commands":[{"command":"revise","body":{"summary":{"en":"Summary {{{{i}}}}"}}},{"command":"revise","body":{"tags":["t{{{{i}}}}"]}}]}"""),
                _ => await Api.Send(HttpMethod.Patch, $"/records/{id}", $$$"""{"summary":{"en":"Patched {{{i}}}"}}""", contentType: "application/merge-patch+json"),
            };
            Assert.True(answer.Status == 200, $"edit {i}: {answer.Status} {answer.Text}");
            if (i % 4 is 2 or 3) summarySetAt = answer.Revision;
            asCurrent[answer.Revision] = (await Api.Get($"/records/{id}")).Text;
        }

        var history = (await Api.Get($"/records/{id}/history?limit=100")).Json!["items"]!.AsArray();
        foreach (var (revision, text) in asCurrent)
        {
            Assert.Equal(text, (await Api.Get($"/records/{id}?revision={revision}")).Text);
            if (revision == 1) continue;
            // The changes stored with each revision are the ones a diff of the two whole views finds on read.
            var diff = (await Api.Get($"/records/{id}/diff?from={revision - 1}&to={revision}")).Json!;
            var stored = history.Single(item => item!["revision"]!.GetValue<int>() == revision)!["changedPaths"]!.AsArray();
            Assert.Equal(stored.Select(path => path!.GetValue<string>()), diff["changes"]!.AsArray().Select(change => change!["path"]!.GetValue<string>()));
        }

        var blamed = (await Api.Get($"/records/{id}/blame")).Json!["fields"]!["/summary"]!;
        Assert.Equal(summarySetAt, blamed["revision"]!.GetValue<int>());
        var sourcesThen = System.Text.Json.Nodes.JsonNode.Parse(asCurrent[summarySetAt])!["sources"]!.AsArray();
        Assert.Equal(sourcesThen.Select(source => source!["id"]!.ToString()), blamed["sources"]!.AsArray().Select(source => source!["id"]!.ToString()));
    }
}
