using System.Text.Json.Nodes;
using Chronology.Domain.Log;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chronology.Api.Tests.Log;

/// <summary>
/// The proofs are computed from the stored perfect subtrees (O(log n) reads), not from every leaf: they must be exactly
/// the proofs RFC 9162 computes from all the leaves (whose implementation the RFC 6962 test vectors check), for every
/// index, size and pair of sizes, also for a log written before subtrees were stored.
/// </summary>
[Collection(LogCollection.Name)]
public sealed class StoredProofTests(LogFixture api) : FixtureTest<LogFixture>(api)
{
    [Fact]
    public async Task Every_inclusion_and_consistency_proof_equals_the_one_computed_from_all_the_leaves()
    {
        var record = await Api.CreateRecord();
        for (var i = 0; i < 12; i++)
            Assert.Equal(200, (await Api.Post($"/records/{record}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"}}""")).Status);
        await Api.Get("/health/live");
        var leaves = await Leaves();
        Assert.Equal(13, leaves.Count);
        var nodes = await Count("mt_doc_lognode");
        Assert.Equal(6 + 3 + 1, nodes); // the complete subtrees above 13 leaves: 6 of 2 leaves, 3 of 4, 1 of 8

        await AssertProofsMatch(leaves);
        // A log written before the subtrees were stored: each proof computes the missing ones from their leaves.
        await Sql("delete from {schema}.mt_doc_lognode");
        await AssertProofsMatch(leaves);
        // And the projection stores the subtrees it needs again as the log grows.
        Assert.Equal(200, (await Api.Post($"/records/{record}/outcomes", """{"text":{"en":"one more"}}""")).Status);
        await Api.Get("/health/live");
        Assert.True(await Count("mt_doc_lognode") > 0);
        await AssertProofsMatch(await Leaves());
    }

    private async Task AssertProofsMatch(List<byte[]> leaves)
    {
        for (var size = 1; size <= leaves.Count; size++)
        {
            var tree = leaves.Take(size).ToList();
            for (var index = 0; index < size; index++)
            {
                var proof = await Api.Read($"/log/proof/inclusion?index={index}&treeSize={size}");
                Assert.Equal(MerkleTree.InclusionProof(tree, index).Select(Convert.ToBase64String), Strings(proof["auditPath"]));
                Assert.Equal(Convert.ToBase64String(MerkleTree.Root(tree)), proof["rootHash"]!.GetValue<string>());
            }
            for (var first = 0; first <= size; first++)
                Assert.Equal(MerkleTree.ConsistencyProof(tree, first).Select(Convert.ToBase64String),
                    Strings((await Api.Read($"/log/proof/consistency?first={first}&second={size}"))["proof"]));
        }
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(item => item!.GetValue<string>());

    private async Task<List<byte[]>> Leaves()
    {
        await using var session = Api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await TransparencyLog.LeafHashes(session, 0, long.MaxValue, CancellationToken.None);
    }

    private async Task<long> Count(string table)
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {store.Options.DatabaseSchemaName}.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task Sql(string sql)
    {
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", store.Options.DatabaseSchemaName, StringComparison.Ordinal), connection);
        await command.ExecuteNonQueryAsync();
    }
}
