using Marten;

namespace Chronology.Domain.Log;

/// <summary>
/// Writes a batch's entries and subtrees as two statements, one row each, instead of one statement per document:
/// a live batch appends one entry per revision and on average one subtree with it, and a statement each cost the
/// worker and PostgreSQL more than the rows themselves (bench/README.md, "The log's cost on edits"). The rows are
/// what Marten would write (its serializer, its columns), so every read of the documents is unchanged; an entry is
/// inserted, never overwritten (its id and its index are unique), a subtree is stored again identical by a rebuild.
/// </summary>
public static class LogRows
{
    public static async Task Insert(IDocumentOperations operations, IReadOnlyList<LogEntry> entries, CancellationToken cancellation)
    {
        if (entries.Count == 0) return;
        var serializer = operations.DocumentStore.Options.Serializer();
        await operations.Database.EnsureStorageExistsAsync(typeof(LogEntry), cancellation);
        operations.QueueSqlCommand(
            $"""
            insert into {TransparencyLog.Table(operations)} (id, data, index, mt_dotnet_type)
            select entry.id, entry.data, entry.index, ? from unnest(?::bigint[], ?::jsonb[], ?::bigint[]) as entry(id, data, index)
            """,
            typeof(LogEntry).FullName!, entries.Select(entry => entry.Id).ToArray(),
            entries.Select(entry => serializer.ToJson(entry)).ToArray(), entries.Select(entry => entry.Index).ToArray());
    }

    public static async Task Store(IDocumentOperations operations, IReadOnlyList<LogNode> nodes, CancellationToken cancellation)
    {
        if (nodes.Count == 0) return;
        var serializer = operations.DocumentStore.Options.Serializer();
        await operations.Database.EnsureStorageExistsAsync(typeof(LogNode), cancellation);
        operations.QueueSqlCommand(
            $"""
            insert into {operations.DocumentStore.Options.DatabaseSchemaName}.mt_doc_lognode (id, data, mt_dotnet_type)
            select node.id, node.data, ? from unnest(?::varchar[], ?::jsonb[]) as node(id, data)
            on conflict (id) do update set data = excluded.data, mt_last_modified = transaction_timestamp()
            """,
            typeof(LogNode).FullName!, nodes.Select(node => node.Id).ToArray(), nodes.Select(node => serializer.ToJson(node)).ToArray());
    }
}
