using Marten;

namespace Chronology.Domain.Views;

/// <summary>
/// Writes a batch's <see cref="RevisionView"/>s in one statement, where Marten's <c>Store</c> sends one upsert per
/// revision (a rebuild writes a document per event or so: at 0.2–0.3 ms of server time each, the rebuild's ceiling; see
/// bench/README.md). The row is what Marten's upsert writes: the document as the store serialises it, its duplicated
/// columns (<see cref="RevisionView.ConfigureMarten"/>), a new version and <c>mt_last_modified</c> at the transaction's
/// time, which <see cref="RebuildSweep"/> relies on. Every hand-written statement over the table is here.
/// </summary>
public static class RevisionRows
{
    public static void Queue(IDocumentOperations operations, IReadOnlyCollection<RevisionView> revisions)
    {
        if (revisions.Count == 0) return;
        var options = operations.DocumentStore.Options;
        var table = options.FindOrResolveDocumentType(typeof(RevisionView)).TableName.QualifiedName;
        operations.QueueSqlCommand(
            $"""
             insert into {table} as stored (id, data, mt_last_modified, mt_version, record_id, revision, recorded_at)
             select doc ->> 'id', doc, transaction_timestamp(), md5(random()::text || clock_timestamp()::text)::uuid,
                    (doc ->> 'recordId')::uuid, (doc ->> 'revision')::integer, (doc ->> 'recordedAt')::timestamptz
             from jsonb_array_elements(?::jsonb) as doc
             on conflict (id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified,
                 mt_version = excluded.mt_version, record_id = excluded.record_id, revision = excluded.revision,
                 recorded_at = excluded.recorded_at
             """,
            // A revision written twice in one batch (never expected: each is finished once per batch) would make the
            // statement fail ("cannot affect row a second time"); the last one written is the one that counts.
            options.Serializer().ToJson(revisions.GroupBy(revision => revision.Id).Select(same => same.Last()).ToArray()));
    }
}
