using System.Collections.Concurrent;
using Marten;
using Marten.Schema;
using JasperFx.MultiTenancy;

namespace Chronology.Domain.Views;

/// <summary>
/// Writes a projection batch's documents in one statement, where Marten's <c>Store</c> sends one upsert per document:
/// the views that write a document per revision (<see cref="RevisionView"/>, <see cref="ChangeFeedEntry"/>) rewrite
/// about one per event in a rebuild, and one statement each was the rebuild's ceiling (bench/README.md). The rows are
/// what Marten's upsert writes: the document as the store serialises it, the mapping's duplicated columns (read from the
/// document as Marten's own migration fills them), a new version, and <c>mt_last_modified</c> at the transaction's time,
/// which <see cref="RebuildSweep"/> relies on.
/// </summary>
public static class DocumentRows
{
    public static void Upsert<T>(IDocumentOperations operations, IReadOnlyCollection<T> documents, Func<T, string> id) where T : notnull
    {
        if (documents.Count == 0) return;
        var options = operations.DocumentStore.Options;
        // A document written twice in one statement would fail it ("cannot affect row a second time"): the last one counts.
        var rows = documents.GroupBy(id).Select(same => same.Last()).ToArray();
        operations.QueueSqlCommand(Statements.GetOrAdd((options, typeof(T)), key => Statement((DocumentMapping)key.Options.FindOrResolveDocumentType(key.Type))),
            options.Serializer().ToJson(rows));
    }

    // Per store: each has its own schema (the tests' hosts, a chronology of its own).
    private static readonly ConcurrentDictionary<(IReadOnlyStoreOptions Options, Type Type), string> Statements = new();

    private static string Statement(DocumentMapping mapping)
    {
        if (mapping.IdType != typeof(string) || mapping.TenancyStyle != TenancyStyle.Single)
            throw new NotSupportedException($"{mapping.DocumentType.Name}: only single-tenant documents with string ids are written here");
        // Marten's own fill of a duplicated column reads it from "data": so do the rows here (rows(data)).
        var duplicated = mapping.DuplicatedFields.Select(field => (Column: field.ColumnName, FromData: field.UpdateSqlFragment().Split(" = ", 2)[1])).ToList();
        return $"""
                insert into {mapping.TableName.QualifiedName} as stored (id, data, mt_last_modified, mt_version{string.Concat(duplicated.Select(d => $", {d.Column}"))})
                select data ->> 'id', data, transaction_timestamp(), md5(random()::text || clock_timestamp()::text)::uuid{string.Concat(duplicated.Select(d => $", {d.FromData}"))}
                from jsonb_array_elements(?::jsonb) as rows(data)
                on conflict (id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified, mt_version = excluded.mt_version{string.Concat(duplicated.Select(d => $", {d.Column} = excluded.{d.Column}"))}
                """;
    }
}
