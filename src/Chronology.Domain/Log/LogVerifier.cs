using Chronology.Domain.Chronologies;
using Marten;
using Npgsql;

namespace Chronology.Domain.Log;

/// <summary>
/// Verifies the log against the events in PostgreSQL: derives every entry again from the stored event rows, compares it
/// with the stored entry (naming the first that differs), and checks every signed tree head against the roots of the
/// derived leaves. It streams both tables side by side, so memory stays flat whatever the log's length.
/// </summary>
public sealed class LogVerifier(IDocumentStore store)
{
    public async Task<LogVerification> Verify(string? publicKey, CancellationToken cancellation)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        List<SignedTreeHead> heads;
        await using (var session = store.ChronologyQuery())
        {
            heads = [.. await session.Query<SignedTreeHead>().OrderBy(head => head.Id).ToListAsync(cancellation)];
            publicKey ??= (await session.LoadAsync<LogSigningKey>(LogSigningKey.CurrentId, cancellation))?.PublicKey;
        }
        var check = new TreeHeadCheck(heads, publicKey);

        await using var eventsConnection = store.ChronologyDatabase().CreateConnection();
        await using var entriesConnection = store.ChronologyDatabase().CreateConnection();
        await eventsConnection.OpenAsync(cancellation);
        await entriesConnection.OpenAsync(cancellation);
        await using var eventQuery = new NpgsqlCommand($"{LoggedEvent.Select(schema)} where {LoggedEvent.Filter.Replace("?", "@types", StringComparison.Ordinal)} order by seq_id", eventsConnection)
        {
            Parameters = { new NpgsqlParameter("types", LoggedEvent.Types) },
        };
        await using var eventRows = await eventQuery.ExecuteReaderAsync(cancellation);
        await using var entryRows = await new NpgsqlCommand(
            $"select index, data ->> 'leaf', data ->> 'recordId', (data ->> 'revision')::int, id from {schema}.mt_doc_logentry order by index",
            entriesConnection).ExecuteReaderAsync(cancellation);

        // The events are read synchronously, one revision at a time, while the entries are read beside them.
        using var revisions = LoggedRevision.Group(Rows(eventRows)).GetEnumerator();
        long entries = 0;
        LogMismatch? first = null;
        while (await entryRows.ReadAsync(cancellation))
        {
            var (index, leaf) = (entryRows.GetInt64(0), entryRows.GetString(1));
            var derived = revisions.MoveNext() ? LogEntry.Of(entries, revisions.Current) : null;
            first ??= index != entries
                ? Mismatch(entryRows, $"the log has no entry {entries}: its entries are not contiguous.")
                : derived is null
                    ? Mismatch(entryRows, "the events hold no revision for it: its events were deleted.")
                    : derived.Leaf != leaf
                        ? Mismatch(entryRows, $"derived again from the events it reads {Excerpt(derived.Leaf, leaf)}: the events were changed after they were logged.")
                        : null;
            check.Append(derived?.LeafHash ?? MerkleTree.LeafHash([]));
            entries++;
        }
        long pending = 0;
        while (revisions.MoveNext()) pending++;
        check.End();
        return new LogVerification(entries, pending, check.Count, first, check.Failures, publicKey);
    }

    private static LogMismatch Mismatch(NpgsqlDataReader entry, string reason) => new(
        entry.GetInt64(0), Guid.TryParse(entry.GetString(2), out var record) ? record : null, entry.GetInt32(3), entry.GetInt64(4), reason);

    /// <summary>Where the derived leaf and the stored one part, with a little context.</summary>
    private static string Excerpt(string derived, string stored)
    {
        var at = 0;
        while (at < derived.Length && at < stored.Length && derived[at] == stored[at]) at++;
        var from = Math.Max(0, at - 40);
        string Part(string text) => text[from..Math.Min(text.Length, at + 40)];
        return $"…{Part(derived)}… where the log holds …{Part(stored)}…";
    }

    private static IEnumerable<LoggedEvent> Rows(NpgsqlDataReader reader)
    {
        while (reader.Read()) yield return LoggedEvent.Parse(reader.GetString(0));
    }
}
