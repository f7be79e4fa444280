using Marten;
using Npgsql;

namespace Chronology.Api.Tests;

/// <summary>
/// The revisions and changes views index plain columns copied from their documents. A database made before them (the
/// same tables with expression indexes over <c>data</c> and no such columns) is migrated by Marten at start-up: the
/// columns are added and filled from the documents, the old indexes dropped, and every read answers as before.
/// </summary>
public sealed class ViewSchemaMigrationTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Views_stored_before_the_copied_columns_read_the_same_after_the_migration()
    {
        var id = await Api.CreateRecord();
        for (var i = 1; i <= 3; i++)
            Assert.Equal(200, (await Api.Send(HttpMethod.Patch, $"/records/{id}", $$$"""{"summary":{"en":"Summary {{{i}}}"}}""", contentType: "application/merge-patch+json")).Status);
        var knownAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
        string[] reads = [$"/records/{id}/history", $"/records/{id}?revision=2", $"/records/{id}?knownAt={knownAt}", $"/records/{id}/diff?from=1&to=3", $"/records/{id}/blame", "/changes"];
        var before = new List<string>();
        foreach (var read in reads) before.Add((await Api.Get(read)).Text);

        var store = Api.Host.DocumentStore();
        var schema = store.Options.DatabaseSchemaName;
        await Sql(store, $"""
            alter table {schema}.mt_doc_revisionview drop column record_id, drop column revision, drop column recorded_at;
            create index mt_doc_revisionview_idx_record_idrevision on {schema}.mt_doc_revisionview (((data ->> 'recordId')::uuid), ((data ->> 'revision')::integer));
            alter table {schema}.mt_doc_changefeedentry drop column position;
            create index mt_doc_changefeedentry_idx_position on {schema}.mt_doc_changefeedentry (((data ->> 'position')::bigint));
            """);

        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(0L, await Scalar(store, $"select count(*) from {schema}.mt_doc_revisionview where record_id is null or revision is null or recorded_at is null"));
        Assert.Equal(0L, await Scalar(store, $"select count(*) from {schema}.mt_doc_changefeedentry where position is null"));
        Assert.Equal(0L, await Scalar(store, $"select count(*) from pg_indexes where schemaname = '{schema}' and indexdef like '%data ->>%' and tablename in ('mt_doc_revisionview', 'mt_doc_changefeedentry')"));
        for (var i = 0; i < reads.Length; i++) Assert.Equal(before[i], (await Api.Get(reads[i])).Text);
    }

    private static async Task Sql(IDocumentStore store, string sql)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(IDocumentStore store, string sql)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
