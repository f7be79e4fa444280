using Chronology.Domain.Views;
using Marten;
using Npgsql;

namespace Chronology.Api.Tests;

/// <summary>
/// A record that has grown past PostgreSQL's 2 kB compression threshold is rewritten at every edit, in its write state
/// and in its current view: both are stored with lz4, which costs PostgreSQL a fraction of the default pglz's CPU.
/// </summary>
public sealed class DocumentCompressionTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task A_large_record_is_stored_compressed_with_lz4_in_its_write_state_and_its_current_view()
    {
        var id = await Api.CreateRecord();
        for (var i = 1; i <= 12; i++)
            Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes",
                $$$"""{"text":{"en":"Outcome {{{i}}}: both sides agreed to continue the talks at working level and to meet again within the year, the joint statement says."}}""")).Status);
        Assert.Equal(200, (await Api.Get($"/records/{id}")).Status);

        var store = Api.Host.DocumentStore();
        var schema = store.Options.DatabaseSchemaName;
        var view = CurrentRecordProjection.CurrentVersion > 1 ? $"mt_doc_currentrecord_{CurrentRecordProjection.CurrentVersion}" : "mt_doc_currentrecord";
        Assert.Equal("lz4", await Compression(store, $"{schema}.mt_doc_record", id));
        Assert.Equal("lz4", await Compression(store, $"{schema}.{view}", id));
    }

    private static async Task<string?> Compression(IDocumentStore store, string table, Guid id)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select pg_column_compression(data) from {table} where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }
}
