using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Marten;
using Marten.Schema;
using JasperFx.MultiTenancy;

namespace Chronology.Domain.Views;

/// <summary>
/// Writes a projection batch's documents in one statement, where Marten's <c>Store</c> sends one upsert per document:
/// the views that write a document per revision (<see cref="RevisionView"/>, <see cref="ChangeFeedEntry"/>) rewrite
/// about one per event in a rebuild, and one statement each was the rebuild's ceiling (bench/README.md). The rows are
/// what Marten's upsert writes: the document as the store serialises it, the mapping's duplicated columns (read from the
/// document as Marten's own migration fills them), a version, and <c>mt_last_modified</c> at the transaction's time,
/// which <see cref="RebuildSweep"/> relies on. The version is an MD5 digest of the document's JSON as UTF-8 (a change detector
/// among the versions of one id, not a seal), so a row whose stored version matches holds that very document.
/// </summary>
public static class DocumentRows
{
    public static void Upsert<T>(IDocumentOperations operations, IReadOnlyCollection<T> documents, Func<T, string> id) where T : notnull
    {
        if (documents.Count == 0) return;
        var (ids, versions, json) = Serialised(operations.DocumentStore.Options.Serializer(), documents, id);
        operations.QueueSqlCommand(Statement<T>(operations), ids, versions, json);
    }

    /// <summary>
    /// The same, passing over the documents stored already as they are (same version) instead of writing them again, found
    /// in one query first: their JSON is neither sent nor parsed, and no row version or WAL is written for them. A rebuild in
    /// place derives almost every document exactly as it stands, and writing them again was most of the server's work. Such a
    /// document keeps its old <c>mt_last_modified</c>, so the view's <see cref="RebuildSweep"/> must not read that as "not
    /// derived any more".
    /// Only the first <see cref="Sampled"/> documents are looked up at first: when none of them is stored as it is (a rebuild
    /// into an emptied view, the new revisions of the live tail), the others are written without asking: there, the lookup of
    /// the whole batch was a round trip per batch that found nothing (bench/README.md, round 8).
    /// A document stored as it is but not among the sampled ones is then written again: the same row, a wasted write.
    /// </summary>
    public static async Task UpsertChanged<T>(IDocumentOperations operations, IReadOnlyCollection<T> documents, Func<T, string> id, CancellationToken cancellation)
        where T : notnull
    {
        if (documents.Count == 0) return;
        var (ids, versions, json) = Serialised(operations.DocumentStore.Options.Serializer(), documents, id);
        var table = Mapping<T>(operations).TableName.QualifiedName;
        var sampled = Math.Min(ids.Length, Sampled);
        var changed = await Changed(operations, table, ids[..sampled], versions[..sampled], cancellation);
        if (changed.Count < sampled) changed.UnionWith(await Changed(operations, table, ids[sampled..], versions[sampled..], cancellation));
        else changed.UnionWith(ids[sampled..]);
        if (changed.Count == 0) return;
        var written = Enumerable.Range(0, ids.Length).Where(i => changed.Contains(ids[i])).ToArray();
        operations.QueueSqlCommand(Statement<T>(operations),
            written.Select(i => ids[i]).ToArray(), written.Select(i => versions[i]).ToArray(), written.Select(i => json[i]).ToArray());
    }

    /// <summary>How many documents of a batch are looked up before the rest are (see <see cref="UpsertChanged{T}"/>).</summary>
    public const int Sampled = 64;

    /// <summary>The ids among <paramref name="ids"/> not stored with the given version.</summary>
    private static async Task<HashSet<string>> Changed(IDocumentOperations operations, string table, string[] ids, Guid[] versions, CancellationToken cancellation)
    {
        if (ids.Length == 0) return [];
        // One probe of the primary key per document, as a subquery the planner cannot turn into a join: written as
        // "not exists", it was planned as a hash anti join over the whole table (a scan of a cached table looks cheaper
        // to it than 5,000 index probes), so each batch read every row stored so far: a rebuild quadratic in the view's
        // size (bench/README.md, round 6).
        return (await operations.QueryAsync<string>(
                $"select given.id from unnest(?::varchar[], ?::uuid[]) as given(id, version) " +
                $"where given.version is distinct from (select same.mt_version from {table} as same where same.id = given.id)",
                cancellation, ids, versions))
            .ToHashSet();
    }

    /// <summary>
    /// Each document's id, version and JSON as the rows hold them (the last of any id given twice). Public for the bench's
    /// fold replay, which measures this without a database.
    /// </summary>
    public static (string[] Ids, Guid[] Versions, byte[][] Json) Serialised<T>(ISerializer serializer, IReadOnlyCollection<T> documents, Func<T, string> id)
        where T : notnull
    {
        // A document written twice in one statement would fail it ("cannot affect row a second time"): the last one counts.
        var rows = documents.GroupBy(id).Select(same => same.Last()).ToArray();
        var (ids, versions, json) = (rows.Select(id).ToArray(), new Guid[rows.Length], new byte[rows.Length][]);
        // A rebuild's batch holds thousands of documents: serialised on every core, as UTF-8 (what is sent), not as a string
        // the serializer writes in UTF-8 and transcodes, and Npgsql encodes back (the transcoding was a tenth of a rebuild's CPU).
        Parallel.For(0, rows.Length, () => new ArrayBufferWriter<byte>(4096), (i, _, buffer) =>
        {
            buffer.ResetWrittenCount();
            serializer.WriteTo(buffer, rows[i]);
            json[i] = buffer.WrittenSpan.ToArray();
            versions[i] = new Guid(MD5.HashData(json[i]));
            return buffer;
        }, _ => { });
        return (ids, versions, json);
    }

    private static DocumentMapping Mapping<T>(IDocumentOperations operations) =>
        (DocumentMapping)operations.DocumentStore.Options.FindOrResolveDocumentType(typeof(T));

    private static string Statement<T>(IDocumentOperations operations) =>
        Statements.GetOrAdd((operations.DocumentStore.Options, typeof(T)), _ => Statement(Mapping<T>(operations)));

    // Per store: each has its own schema (the tests' hosts, a chronology of its own).
    private static readonly ConcurrentDictionary<(IReadOnlyStoreOptions Options, Type Type), string> Statements = new();

    private static string Statement(DocumentMapping mapping)
    {
        if (mapping.IdType != typeof(string) || mapping.TenancyStyle != TenancyStyle.Single)
            throw new NotSupportedException($"{mapping.DocumentType.Name}: only single-tenant documents with string ids are written here");
        var table = mapping.TableName.QualifiedName;
        // Marten's own fill of a duplicated column reads it from "data": so do the rows here (rows(data)).
        var duplicated = mapping.DuplicatedFields.Select(field => (Column: field.ColumnName, FromData: WithoutFunctionCall(field.UpdateSqlFragment().Split(" = ", 2)[1]))).ToList();
        // "offset 0" keeps the subquery whole, so each row's JSON is parsed once, not once per column read from it.
        return $"""
                insert into {table} as stored (id, data, mt_last_modified, mt_version{string.Concat(duplicated.Select(d => $", {d.Column}"))})
                select id, data, transaction_timestamp(), version{string.Concat(duplicated.Select(d => $", {d.FromData}"))}
                from (select given.id, given.version, convert_from(given.json, 'UTF8')::jsonb as data
                      from unnest(?::varchar[], ?::uuid[], ?::bytea[]) as given(id, version, json)
                      offset 0) as rows
                on conflict (id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified, mt_version = excluded.mt_version{string.Concat(duplicated.Select(d => $", {d.Column} = excluded.{d.Column}"))}
                """;
    }

    /// <summary>
    /// Marten reads a timestamp through its <c>mt_immutable_timestamptz</c> function, which an index expression needs; the
    /// function is not inlined (its body, a cast, is only stable), so each row paid a function call (100,000 calls per
    /// 100,000 revisions in <c>pg_stat_statements</c>). The rows here fill a plain column: the cast itself does the same.
    /// </summary>
    private static string WithoutFunctionCall(string fromData) =>
        ImmutableTimestamp.Replace(fromData, match => $"({match.Groups["value"].Value})::timestamptz");

    private static readonly Regex ImmutableTimestamp = new(@"\b[\w.]*mt_immutable_timestamptz\((?<value>[^()]*)\)", RegexOptions.Compiled);
}
