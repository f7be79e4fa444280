using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Chronology.Domain.Log;

namespace Chronology.Api.Tests.Log;

[Collection(LogCollection.Name)]
public sealed class LogTests(LogFixture api) : FixtureTest<LogFixture>(api)
{
    /// <summary>Five revisions over two records, one of them an edit of two events (cancel and reinstate together).</summary>
    private async Task<(Guid Summit, Guid Talks)> Edit()
    {
        var summit = await Api.CreateRecord();
        var talks = await Api.CreateRecord("南北韓將級會談", "Inter-Korean general-level talks");
        Assert.Equal(200, (await Api.Post($"/records/{summit}/schedule", """{"on":"2018-05-10","start":"2018-06-12","comment":"White House statement"}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{summit}/edits",
            """{"comment":"backfill","commands":[{"command":"cancel","body":{"on":"2018-05-24","by":"Donald Trump"}},{"command":"reinstate","body":{"on":"2018-06-01"}}]}""",
            ApiFixture.SecondEditorKey)).Status);
        Assert.Equal(200, (await Api.Post($"/records/{talks}/participants", """{"name":{"en":"Kim Yong-chol"},"role":"Vice Chairman","side":"KP"}""")).Status);
        return (summit, talks);
    }

    [Fact]
    public async Task Every_revision_is_one_entry_in_event_order_whose_leaf_is_its_canonical_JSON()
    {
        var (summit, talks) = await Edit();

        var entries = (await Api.Read("/log/entries?start=0&end=100"))["entries"]!.AsArray();
        Assert.Equal(5, entries.Count);
        Assert.Equal([0L, 1, 2, 3, 4], entries.Select(item => item!["index"]!.GetValue<long>()));
        Assert.Equal(
            [(summit, 1), (talks, 1), (summit, 2), (summit, 3), (talks, 2)],
            entries.Select(item => (Guid.Parse(item!["entry"]!["recordId"]!.GetValue<string>()), item["entry"]!["revision"]!.GetValue<int>())));

        var backfill = entries[3]!["entry"]!.AsObject();
        Assert.Equal(["comment", "correction", "editor", "events", "importedBy", "index", "recordId", "recordedAt", "revision"], backfill.Select(member => member.Key).Order(StringComparer.Ordinal));
        Assert.Equal("bob", backfill["editor"]!.GetValue<string>());
        Assert.Equal("backfill", backfill["comment"]!.GetValue<string>());
        Assert.False(backfill["correction"]!.GetValue<bool>());
        Assert.Null(backfill["importedBy"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", backfill["recordedAt"]!.GetValue<string>());
        Assert.Equal(["meeting_cancelled.v1", "meeting_reinstated.v1"], backfill["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("Donald Trump", backfill["events"]![0]!["data"]!["by"]!.GetValue<string>());

        foreach (var item in entries)
        {
            var leaf = item!["leaf"]!.GetValue<string>();
            Assert.Equal(CanonicalJson.Serialize(item["entry"]), leaf);
            Assert.Equal(Convert.ToBase64String(SHA256.HashData([0, .. Encoding.UTF8.GetBytes(leaf)])), item["leafHash"]!.GetValue<string>());
        }

        // Each revision of the history names its entry.
        var history = (await Api.Read($"/records/{summit}/history"))["items"]!.AsArray();
        Assert.Equal([3, 2, 1], history.Select(item => item!["revision"]!.GetValue<int>()));
        Assert.Equal([3L, 2, 0], history.Select(item => item!["logIndex"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Tree_heads_are_signed_every_head_is_kept_and_inclusion_and_consistency_proofs_verify()
    {
        await Edit();
        var first = await Api.SignedHeadOf(5);
        await Edit();
        var second = await Api.SignedHeadOf(10);

        var publicKey = (await Api.Read("/log/public-key"))["publicKey"]!.GetValue<string>();
        Assert.Equal(Api.Key.PublicKey, publicKey);
        var heads = (await Api.Read("/log/tree-heads?since=0"))["items"]!.AsArray();
        Assert.Contains(heads, head => head!["treeSize"]!.GetValue<long>() == 5);
        Assert.Equal(10, heads[^1]!["treeSize"]!.GetValue<long>());
        foreach (var head in heads)
        {
            var signed = new SignedTreeHead(head!["treeSize"]!.GetValue<long>(), head["rootHash"]!.GetValue<string>(), head["timestamp"]!.GetValue<string>(), head["signature"]!.GetValue<string>());
            Assert.True(signed.IsSignedBy(publicKey));
            Assert.False((signed with { Id = signed.Id + 1 }).IsSignedBy(publicKey));
        }
        var later = (await Api.Read("/log/tree-heads?since=5&limit=1000"))["items"]!.AsArray();
        Assert.All(later, head => Assert.True(head!["treeSize"]!.GetValue<long>() > 5));

        var root = Convert.FromBase64String(second["rootHash"]!.GetValue<string>());
        var entries = (await Api.Read("/log/entries?start=0&end=10"))["entries"]!.AsArray();
        for (var index = 0; index < 10; index++)
        {
            var proof = await Api.Read($"/log/proof/inclusion?index={index}&treeSize=10");
            var leafHash = MerkleTree.LeafHash(Encoding.UTF8.GetBytes(entries[index]!["leaf"]!.GetValue<string>()));
            var path = proof["auditPath"]!.AsArray().Select(hash => Convert.FromBase64String(hash!.GetValue<string>())).ToList();
            Assert.True(MerkleTree.VerifyInclusion(index, 10, leafHash, path, root), $"inclusion of {index}");
            Assert.False(MerkleTree.VerifyInclusion(index, 10, MerkleTree.LeafHash("tampered"u8), path, root));
        }

        var consistency = (await Api.Read("/log/proof/consistency?first=5&second=10"))["proof"]!.AsArray()
            .Select(hash => Convert.FromBase64String(hash!.GetValue<string>())).ToList();
        Assert.True(MerkleTree.VerifyConsistency(5, 10, Convert.FromBase64String(first["rootHash"]!.GetValue<string>()), root, consistency));
    }

    [Fact]
    public async Task The_export_verifies_offline_with_the_public_key_alone_and_fails_once_a_line_is_changed()
    {
        await Edit();
        await Api.SignedHeadOf(5);
        var export = await Api.Host.Scenario(request =>
        {
            request.Get.Url("/log/export");
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.ReaderKey}");
            request.ContentTypeShouldBe("application/x-ndjson");
        });
        var text = await export.ReadAsTextAsync();
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Count(line => !line.StartsWith("{\"treeHead\"", StringComparison.Ordinal)));

        var verified = await ExportVerifier.Verify(new StringReader(text), Api.Key.PublicKey, CancellationToken.None);
        Assert.True(verified.Verified, verified.Summary());
        Assert.Equal(5, verified.Entries);

        var tampered = await ExportVerifier.Verify(new StringReader(text.Replace("Donald Trump", "Mike Pence")), Api.Key.PublicKey, CancellationToken.None);
        Assert.False(tampered.Verified);
        Assert.NotEmpty(tampered.FailedTreeHeads);
        var otherKey = new LogKey(RandomNumberGenerator.GetBytes(32)).PublicKey;
        Assert.False((await ExportVerifier.Verify(new StringReader(text), otherKey, CancellationToken.None)).Verified);
    }

    [Theory]
    [InlineData("/log/entries", 400, "start")]
    [InlineData("/log/entries?start=-1", 400, "start")]
    [InlineData("/log/entries?start=abc", 400, "start")]
    [InlineData("/log/entries?start=3&end=3", 400, "end")]
    [InlineData("/log/entries?start=0&end=1001", 400, "end")]
    [InlineData("/log/entries?start=5", 404, null)]
    [InlineData("/log/proof/inclusion?treeSize=5", 400, "index")]
    [InlineData("/log/proof/inclusion?index=1&treeSize=x", 400, "treeSize")]
    [InlineData("/log/proof/inclusion?index=5&treeSize=5", 400, "index")]
    [InlineData("/log/proof/inclusion?index=0&treeSize=6", 404, null)]
    [InlineData("/log/proof/consistency?first=3", 400, "second")]
    [InlineData("/log/proof/consistency?first=4&second=3", 400, "first")]
    [InlineData("/log/proof/consistency?first=1&second=99", 404, null)]
    [InlineData("/log/tree-heads?since=-5", 400, "since")]
    [InlineData("/log/tree-heads?limit=0", 400, "limit")]
    public async Task Bad_parameters_are_problems_that_name_them(string url, int status, string? parameter)
    {
        await Edit();
        await Api.Get("/health/live");
        var answer = await Api.Host.Scenario(request =>
        {
            request.Get.Url(url);
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.ReaderKey}");
            request.StatusCodeShouldBe(status);
            request.ContentTypeShouldBe("application/problem+json");
        });
        var problem = (await answer.ReadAsJsonAsync<JsonObject>())!;
        Assert.Equal(status == 400 ? "log.parameter-invalid" : "log.beyond-end", problem["code"]!.GetValue<string>());
        if (parameter is not null) Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task An_empty_log_has_no_tree_head_and_no_entries()
    {
        foreach (var url in new[] { "/log/tree-head", "/log/entries?start=0", "/log/proof/inclusion?index=0&treeSize=1" })
        {
            var answer = await Api.Send(HttpMethod.Get, url, (string?)null, ApiFixture.ReaderKey);
            Assert.Equal(404, answer.Status);
            Assert.True(answer.IsProblem);
        }
    }
}
