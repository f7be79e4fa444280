using Marten;

namespace Chronology.Domain.Log;

/// <summary>
/// Writes a batch's entries and subtrees as two statements, one row each, instead of one statement per document:
/// a live batch appends one entry per revision and on average one subtree with it, and a statement each cost the
/// worker and PostgreSQL more than the rows themselves (bench/README.md, "The log's cost on edits"). The rows are
/// what Marten would write (its serializer, its columns), so every read of the documents is unchanged; an entry is
/// inserted, never overwritten (its id and its index are unique), a subtree is stored again identical by a rebuild.
/// An entry another copy of the projection inserted since this batch read the log is passed over rather than failing the
/// batch on its key: that batch lost the race for the position, and fails as such when it commits
/// (<see cref="Views.ProjectionCommit.OnlyWithItsPosition"/>), so the projection is started again.
/// </summary>
public static class LogRows
{
    public static Task Insert(IDocumentOperations operations, IReadOnlyList<LogEntry> entries, CancellationToken cancellation) =>
        Queue(operations, entries, $"""
            insert into {TransparencyLog.Table(operations)} (id, data, index, mt_dotnet_type)
            select entry.id, entry.data, entry.index, ? from unnest(?::bigint[], ?::jsonb[], ?::bigint[]) as entry(id, data, index)
            on conflict (id) do nothing
            """,
            json => [entries.Select(entry => entry.Id).ToArray(), json, entries.Select(entry => entry.Index).ToArray()], cancellation);

    public static Task Store(IDocumentOperations operations, IReadOnlyList<LogNode> nodes, CancellationToken cancellation) =>
        Queue(operations, nodes, $"""
            insert into {operations.DocumentStore.Options.DatabaseSchemaName}.mt_doc_lognode (id, data, mt_dotnet_type)
            select node.id, node.data, ? from unnest(?::varchar[], ?::jsonb[]) as node(id, data)
            on conflict (id) do update set data = excluded.data, mt_last_modified = transaction_timestamp()
            """,
            json => [nodes.Select(node => node.Id).ToArray(), json], cancellation);

    /// <summary>Queues <paramref name="sql"/> with the type's name, then the columns made of the documents' JSON.</summary>
    private static async Task Queue<T>(
        IDocumentOperations operations, IReadOnlyList<T> documents, string sql, Func<string[], object[]> columns, CancellationToken cancellation)
    {
        if (documents.Count == 0) return;
        // Marten creates a document's table on its first use through a session; these rows do not go through one.
        await operations.Database.EnsureStorageExistsAsync(typeof(T), cancellation);
        var serializer = operations.DocumentStore.Options.Serializer();
        operations.QueueSqlCommand(sql, [typeof(T).FullName!, .. columns([.. documents.Select(document => serializer.ToJson(document!))])]);
    }
}
