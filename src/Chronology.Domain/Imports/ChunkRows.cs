using System.Buffers;
using Chronology.Domain.Records;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Chronology.Domain.Imports;

/// <summary>
/// Writes a decided chunk the way the single-command path leaves it, with one COPY or one statement per table instead of
/// Marten's unit of work (a function call per stream, an inline projection that loads and folds every record again, an
/// upsert per personal value): the streams (new ones copied in, stored ones moved to their new version), the events with
/// their sequence numbers, versions, metadata and the transaction's timestamp, the records' write states (what the inline
/// <see cref="RecordSnapshotProjection"/> would store: the state folded from the same events, under the stream's version),
/// and any documents (receipts, names, personal values), all on the session's connection inside the chunk's transaction.
/// Everything is serialised when the rows are added (while the chunk before is still being written, see NdjsonImport), so
/// that <see cref="Write"/> only sends: the chunks' critical path is the database's. The JSON is kept as the UTF-8 bytes
/// the serialiser writes and jsonb takes, never as strings (half the memory a chunk holds, no transcoding either way).
/// </summary>
internal sealed class ChunkRows(IDocumentSession session)
{
    /// <summary>A record the chunk appends to: whether its stream exists and the version it had, its events and its state after them.</summary>
    public sealed record Stream(Guid Id, bool Stored, long StoredVersion, IReadOnlyList<IEvent> Events, Record State);

    private readonly IReadOnlyStoreOptions options = session.DocumentStore.Options;
    private string Schema => options.Events.DatabaseSchemaName;
    private NpgsqlConnection Connection => session.Connection!;

    private readonly ISerializer serializer = session.DocumentStore.Options.Serializer();
    private readonly ArrayBufferWriter<byte> buffer = new(4096);

    private readonly List<Stream> streams = [];
    private readonly List<(IEvent Event, byte[] Data, byte[]? Headers)> events = [];
    private readonly List<byte[]> states = [];
    private readonly List<(string Table, string Type, List<(string Id, byte[] Json)> Rows)> documents = [];

    /// <summary>The records' new events and states, serialised now.</summary>
    public void Add(IReadOnlyList<Stream> written)
    {
        streams.AddRange(written);
        foreach (var stream in written)
        {
            events.AddRange(stream.Events.Select(e => (e, Json(e.Data), e.Headers is null ? null : Json(e.Headers))));
            states.Add(Json(stream.State));
        }
    }

    /// <summary>New documents, written as Marten writes them (id, JSON, version, .NET type; last modified by the table's default), serialised now.</summary>
    public void Add<T>(IReadOnlyCollection<T> added, Func<T, string> id) where T : notnull
    {
        if (added.Count == 0) return;
        documents.Add((options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName, typeof(T).FullName!,
            added.Select(document => (id(document), Json(document))).ToList()));
    }

    /// <summary>A value as the store serialises it (the same bytes as its JSON text), in UTF-8.</summary>
    private byte[] Json(object value)
    {
        buffer.ResetWrittenCount();
        serializer.WriteToCleanJson(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the rows added, in the transaction the session is enlisted in.</summary>
    public async Task Write(CancellationToken cancellation)
    {
        if (events.Count > 0)
        {
            var (sequences, now) = await Sequences(events.Count, cancellation);
            var next = 0;
            foreach (var stream in streams)
            {
                var version = stream.StoredVersion;
                foreach (var e in stream.Events)
                {
                    e.Sequence = sequences[next++];
                    e.Version = ++version;
                    e.StreamId = stream.Id;
                    e.Timestamp = now;
                    e.TenantId = session.TenantId;
                    if (e.Id == Guid.Empty) e.Id = Guid.CreateVersion7();
                }
            }
            await StartStreams(streams.Where(stream => !stream.Stored).ToList());
            await MoveStreams(streams.Where(stream => stream.Stored).ToList(), cancellation);
            await CopyEvents();
            await StoreStates(cancellation);
        }
        foreach (var (table, type, rows) in documents) await Copy(table, type, rows);
    }

    /// <summary>Sequence numbers drawn in one round trip, and the transaction's timestamp (what the quick append stamps).</summary>
    private async Task<(long[] Sequences, DateTimeOffset Now)> Sequences(int count, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select nextval('{Schema}.mt_events_sequence'), now() from generate_series(1, $1)", Connection)
        {
            Parameters = { new NpgsqlParameter { Value = count } },
        };
        var sequences = new long[count];
        DateTimeOffset now = default;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        for (var i = 0; await reader.ReadAsync(cancellation); i++)
        {
            sequences[i] = reader.GetInt64(0);
            now = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return (sequences, now);
    }

    private async Task StartStreams(IReadOnlyList<Stream> streams)
    {
        if (streams.Count == 0) return;
        var type = ((EventGraph)options.Events).AggregateAliasFor(typeof(Record));
        await using var writer = await Connection.BeginBinaryImportAsync(
            $"copy {Schema}.mt_streams (id, type, version, tenant_id) from stdin binary", CancellationToken.None);
        foreach (var stream in streams)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(stream.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(type, NpgsqlDbType.Varchar);
            await writer.WriteAsync((long)stream.Events.Count, NpgsqlDbType.Bigint);
            await writer.WriteAsync(session.TenantId, NpgsqlDbType.Varchar);
        }
        await writer.CompleteAsync();
    }

    /// <summary>The stored streams' new versions, in one statement (their rows are locked by this transaction since the chunk read them).</summary>
    private async Task MoveStreams(IReadOnlyList<Stream> streams, CancellationToken cancellation)
    {
        if (streams.Count == 0) return;
        await using var command = new NpgsqlCommand(
            $"update {Schema}.mt_streams s set version = v.version, timestamp = now() from unnest($1, $2) as v(id, version) where s.id = v.id",
            Connection)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = streams.Select(stream => stream.Id).ToArray() },
                new NpgsqlParameter { Value = streams.Select(stream => stream.StoredVersion + stream.Events.Count).ToArray() },
            },
        };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The events in the order of their sequence numbers, drawn in the order they were added.</summary>
    private async Task CopyEvents()
    {
        await using var writer = await Connection.BeginBinaryImportAsync(
            $"copy {Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, " +
            "correlation_id, causation_id, headers) from stdin binary", CancellationToken.None);
        foreach (var (e, data, headers) in events)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(e.Sequence, NpgsqlDbType.Bigint);
            await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(e.StreamId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(e.Version, NpgsqlDbType.Bigint);
            await writer.WriteAsync(data, NpgsqlDbType.Jsonb);
            await writer.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar);
            await writer.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(e.TenantId, NpgsqlDbType.Varchar);
            await writer.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar);
            await Nullable(writer, e.CorrelationId, NpgsqlDbType.Varchar);
            await Nullable(writer, e.CausationId, NpgsqlDbType.Varchar);
            await Nullable(writer, headers, NpgsqlDbType.Jsonb);
        }
        await writer.CompleteAsync();
    }

    /// <summary>The write states, inserted or replaced in one statement, each under its stream's version as Marten keeps it.</summary>
    private async Task StoreStates(CancellationToken cancellation)
    {
        var table = options.FindOrResolveDocumentType(typeof(Record)).TableName.QualifiedName;
        await using var command = new NpgsqlCommand(
            $"insert into {table} (id, data, mt_version, mt_dotnet_type) select id, data, version, $4 from unnest($1, $2, $3) as s(id, data, version) " +
            "on conflict (id) do update set data = excluded.data, mt_version = excluded.mt_version, " +
            "mt_dotnet_type = excluded.mt_dotnet_type, mt_last_modified = transaction_timestamp()",
            Connection)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = streams.Select(stream => stream.Id).ToArray() },
                new NpgsqlParameter { Value = states.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter { Value = streams.Select(stream => stream.StoredVersion + stream.Events.Count).ToArray() },
                new NpgsqlParameter { Value = typeof(Record).FullName! },
            },
        };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private async Task Copy(string table, string type, List<(string Id, byte[] Json)> rows)
    {
        // One version for all the rows a chunk writes to a table (nothing compares these documents' versions; they are
        // written once): a version drawn per row cost a system call for random bytes each, two million per million lines.
        var version = Guid.CreateVersion7();
        await using var writer = await Connection.BeginBinaryImportAsync(
            $"copy {table} (id, data, mt_version, mt_dotnet_type) from stdin binary", CancellationToken.None);
        foreach (var (id, json) in rows)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlDbType.Varchar);
            await writer.WriteAsync(json, NpgsqlDbType.Jsonb);
            await writer.WriteAsync(version, NpgsqlDbType.Uuid);
            await writer.WriteAsync(type, NpgsqlDbType.Varchar);
        }
        await writer.CompleteAsync();
    }

    private static Task Nullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : class =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, type);
}
