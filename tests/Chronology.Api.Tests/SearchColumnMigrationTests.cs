using Marten;

namespace Chronology.Api.Tests;

/// <summary>
/// The current-record view keeps its search text in a plain column (<c>search_text</c>) with the trigram index, so that
/// the worker's rewrite of a view whose names did not change can be a HOT update. A database made before (no such
/// column, the trigram index over <c>data ->> 'searchText'</c>) is migrated by Marten at start-up: the column is added
/// and filled from the documents, the old index dropped, and text search answers as before.
/// </summary>
public sealed class SearchColumnMigrationTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Views_stored_before_the_search_column_are_found_by_text_after_the_migration()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Send(HttpMethod.Patch, $"/records/{id}", """{"summary":{"zh-Hant":"2018年朝美首腦會談"}}""", contentType: "application/merge-patch+json")).Status);
        var search = $"/records?q={Uri.EscapeDataString("朝美首腦")}";
        var before = (await Api.Get(search)).Text;
        Assert.Contains(id.ToString(), before, StringComparison.Ordinal);

        var store = Api.Host.DocumentStore();
        var schema = store.Options.DatabaseSchemaName;
        await Sql(store,
            $"alter table {schema}.mt_doc_currentrecord drop column search_text",
            $"create index mt_doc_currentrecord_idx_search_text on {schema}.mt_doc_currentrecord using gin ((data ->> 'searchText') gin_trgm_ops)");

        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(0L, await Scalar(store, $"select count(*) from {schema}.mt_doc_currentrecord where search_text is distinct from data ->> 'searchText'"));
        Assert.Equal(0L, await Scalar(store, $"select count(*) from pg_indexes where schemaname = '{schema}' and tablename = 'mt_doc_currentrecord' and indexdef like '%data ->>%'"));
        Assert.Equal(1L, await Scalar(store, $"select count(*) from pg_indexes where schemaname = '{schema}' and tablename = 'mt_doc_currentrecord' and indexdef like '%search_text gin_trgm_ops%'"));
        Assert.Equal(before, (await Api.Get(search)).Text);
    }

    private static async Task Sql(IDocumentStore store, params string[] statements)
    {
        await using var session = store.LightweightSession();
        foreach (var sql in statements) session.QueueSqlCommand(sql);
        await session.SaveChangesAsync();
    }

    private static async Task<long> Scalar(IDocumentStore store, string sql)
    {
        await using var session = store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(sql, CancellationToken.None)).Single();
    }
}
