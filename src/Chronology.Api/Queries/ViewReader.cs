using Chronology.Api.Exports;
using Chronology.Api.Caching;
using Chronology.Domain.PersonalData;
using Chronology.Api.Replicas;
using Chronology.Domain.Chronologies;
using Chronology.Domain.Erasing;
using Chronology.Domain.Operations;
using Chronology.Domain.Records;
using Chronology.Domain.Views;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Chronology.Api.Queries;

/// <summary>
/// Reads the worker's views. Marten's own APIs where they reach; SQL (read back with the store's serializer) for the filtered
/// lists, which read whichever version of the view is serving (Marten maps only the newest) and unnest the timeline.
/// </summary>
public sealed class ViewReader(IDocumentStore store, StoreOptions options, TimeProvider clock, StandbyReads reads, RevalidationMemory memory)
{
    private static readonly TimeSpan SwitchCheckInterval = TimeSpan.FromSeconds(2);
    private volatile string? servingRecordsTable;
    private DateTimeOffset nextSwitchCheck = DateTimeOffset.MinValue;
    private volatile bool recordsRebuilding;
    private DateTimeOffset nextRebuildCheck = DateTimeOffset.MinValue;

    public string Table<T>() => ((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    /// <summary>
    /// The table of current records that reads use. After the projection's version is raised, the worker builds
    /// the new version's table beside the old one; reads stay on the old table until the new one has caught up
    /// with it, then switch for good (blue/green).
    /// </summary>
    public async Task<string> CurrentRecords(CancellationToken cancellation)
    {
        var version = CurrentRecordProjection.CurrentVersion;
        if (version == 1) return Table<CurrentRecord>();
        if (servingRecordsTable == VersionTable(version) || clock.GetUtcNow() < nextSwitchCheck) return servingRecordsTable ?? VersionTable(version - 1);

        var progress = (await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation)).ToDictionary(p => p.ShardName, p => p.Sequence);
        var fresh = progress.GetValueOrDefault(Shard(version));
        var old = progress.GetValueOrDefault(Shard(version - 1));
        servingRecordsTable = VersionTable(fresh >= old ? version : version - 1);
        nextSwitchCheck = clock.GetUtcNow() + SwitchCheckInterval;
        return servingRecordsTable;
    }

    /// <summary>
    /// The table of one version of the view. Marten maps only the newest version's (named with its _N suffix); an earlier
    /// version's table, kept until the newest has caught up, carries its own suffix on the same name.
    /// </summary>
    private string VersionTable(uint version)
    {
        var newest = Table<CurrentRecord>();
        if (version == CurrentRecordProjection.CurrentVersion) return newest;
        var unversioned = CurrentRecordProjection.CurrentVersion == 1 ? newest : newest[..^$"_{CurrentRecordProjection.CurrentVersion}".Length];
        return version == 1 ? unversioned : $"{unversioned}_{version}";
    }

    /// <summary>
    /// How far the serving current-records view has come: its version and the last event its daemon folded, which Marten
    /// commits with the documents. Lists and the timeline read nothing else, so this tags what they answer; it is read
    /// before the documents, so an answer is never older than its tag.
    /// </summary>
    public async Task<string> CurrentRecordsVersion(CancellationToken cancellation)
    {
        var (version, sequence) = await CurrentRecordsProgress(cancellation);
        return $"{version}.{sequence}";
    }

    /// <summary>The serving current-records view's version and the last event it folded (see <see cref="CurrentRecordsVersion"/>).</summary>
    public async Task<(uint Version, long Sequence)> CurrentRecordsProgress(CancellationToken cancellation)
    {
        var table = await CurrentRecords(cancellation);
        var version = table == VersionTable(CurrentRecordProjection.CurrentVersion) ? CurrentRecordProjection.CurrentVersion : CurrentRecordProjection.CurrentVersion - 1;
        // Marten's progression table, read with the views' connection (the standby's, when reads go there).
        var command = new NpgsqlCommand($"select last_seq_id from {((IReadOnlyStoreOptions)options).Events.DatabaseSchemaName}.mt_event_progression where name = @name");
        command.Parameters.AddWithValue("name", Shard(version));
        return (version, await Scalar<long>(command, cancellation));
    }

    /// <summary>
    /// The streams with events after <paramref name="after"/> up to <paramref name="upTo"/> (a range read of the events'
    /// primary key), and whether one of those events is an erasure, which changes records without being in their streams.
    /// </summary>
    public async Task<(List<Guid> Streams, bool Erasure)> StreamsBetween(long after, long upTo, CancellationToken cancellation)
    {
        var command = new NpgsqlCommand($"select distinct stream_id, type = @erased from {EventsTable} where seq_id > @after and seq_id <= @upTo");
        command.Parameters.AddWithValue("erased", PersonalDataStore.SubjectErasedType);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        await using var connection = reads.CreateConnection();
        await connection.OpenAsync(cancellation);
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var (streams, erasure) = (new List<Guid>(), false);
        while (await reader.ReadAsync(cancellation))
        {
            streams.Add(reader.GetGuid(0));
            erasure |= reader.GetBoolean(1);
        }
        return (streams, erasure);
    }

    private static string Shard(uint version) =>
        version == 1 ? $"{CurrentRecordProjection.ProjectionName}:All" : $"{CurrentRecordProjection.ProjectionName}:V{version}:All";

    // Marten keeps its events table's name internal (EventsTable); the schema is the one it puts the events in.
    public string EventsTable => $"{((IReadOnlyStoreOptions)options).Events.DatabaseSchemaName}.mt_events";

    public async Task<List<T>> Documents<T>(NpgsqlCommand command, CancellationToken cancellation)
    {
        await using var connection = reads.CreateConnection();
        await connection.OpenAsync(cancellation);
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var documents = new List<T>();
        while (await reader.ReadAsync(cancellation))
            documents.Add(await options.Serializer().FromJsonAsync<T>(reader, 0, cancellation));
        return documents;
    }

    public async Task<T?> Scalar<T>(NpgsqlCommand command, CancellationToken cancellation)
    {
        await using var connection = reads.CreateConnection();
        await connection.OpenAsync(cancellation);
        command.Connection = connection;
        var value = await command.ExecuteScalarAsync(cancellation);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>
    /// The record as revision <paramref name="revision"/> (or the instant <paramref name="knownAt"/>) left it: one read of
    /// the revisions view and a fold from the snapshot before it, or a fold of the stream while that view has not caught up yet.
    /// </summary>
    public async Task<CurrentRecord?> Past(Guid id, int? revision, DateTimeOffset? knownAt, CancellationToken cancellation)
    {
        var stored = revision is { } number ? await Revision(id, number, cancellation) : await RevisionKnownAt(id, knownAt!.Value, cancellation);
        if (stored is not null)
        {
            await using var session = reads.QuerySession();
            var state = await RevisionStates.At(session, stored, cancellation);
            return new CurrentRecord(id, state, stored.CreatedAt, stored.UpdatedAt, stored.Editor, stored.LastSequence);
        }

        var folded = await Live(id, e => revision is { } last ? EventMetadata.Revision(e) <= last : e.Timestamp <= knownAt!.Value, cancellation);
        return revision is null || folded?.Revision == revision ? folded : null;
    }

    /// <summary>The record folded straight from its events, up to the first event <paramref name="upTo"/> refuses.</summary>
    public async Task<CurrentRecord?> Live(Guid id, Func<IEvent, bool> upTo, CancellationToken cancellation)
    {
        await using var session = reads.QuerySession();
        var events = (await session.Events.FetchStreamAsync(id, token: cancellation)).TakeWhile(upTo).ToList();
        await PersonalValues.Resolve(session, events, cancellation);
        return LiveRecord.Fold(events);
    }

    /// <summary>One revision of a record (its whole state only when it keeps a snapshot: <see cref="RevisionStates"/>).</summary>
    public async Task<RevisionView?> Revision(Guid id, int revision, CancellationToken cancellation)
    {
        await using var session = reads.QuerySession();
        return await session.LoadAsync<RevisionView>(RevisionView.IdFor(id, revision), cancellation);
    }

    /// <summary>
    /// The last revision stored at or before an instant of recorded time. Its number is found among the record's entries of
    /// the revision index alone (which include the recorded time), then the revision is read by id: sorting the record's
    /// whole rows for one of them read every revision's document (<see cref="RevisionView.ConfigureMarten"/>).
    /// </summary>
    public async Task<RevisionView?> RevisionKnownAt(Guid id, DateTimeOffset knownAt, CancellationToken cancellation)
    {
        await using var session = reads.QuerySession();
        var latest = await session.Query<RevisionView>()
            .Where(revision => revision.RecordId == id && revision.RecordedAt <= knownAt)
            .OrderByDescending(revision => revision.RecordedAt)
            .ThenByDescending(revision => revision.Revision)
            .Select(revision => revision.Revision)
            .Take(1)
            .ToListAsync(cancellation);
        return latest is [var number] ? await session.LoadAsync<RevisionView>(RevisionView.IdFor(id, number), cancellation) : null;
    }

    /// <summary>
    /// A record's current view from the worker, or null while the worker has not projected it. While the view is rebuilt
    /// (in place, over the documents being read) a record's document may stand for an earlier revision for a while, so the
    /// record is folded from its events instead.
    /// </summary>
    public async Task<CurrentRecord?> Current(Guid id, CancellationToken cancellation)
    {
        if (await RecordsRebuilding(cancellation)) return await Live(id, _ => true, cancellation);
        return await Projected(id, cancellation);
    }

    /// <summary>
    /// The tag of a record's current representation, all a client's copy is revalidated against: from memory when this API
    /// served the record since it last changed (no query), else from the record read now. Null when there is no such record.
    /// </summary>
    public async Task<RepresentationTag?> CurrentTag(Guid id, ExportFormat format, CancellationToken cancellation)
    {
        if (memory.CurrentTag(id) is { } known) return known.As(format);
        var epoch = RevalidationEpoch;
        if (await Current(id, cancellation) is not { } record) return null;
        var tag = RepresentationTag.Of(record.View, ExportFormat.Json, await ErasureGeneration(id, RecordErasures.ItemsOf(record.State), cancellation));
        RememberCurrentTag(id, tag, epoch);
        return tag.As(format);
    }

    /// <summary>Taken before reading a record's current state whose tag is then remembered (<see cref="RevalidationMemory.Epoch"/>).</summary>
    public long RevalidationEpoch => memory.Epoch;

    /// <summary>Remembers the tag of a record's current JSON (<paramref name="json"/>), read after taking <paramref name="epoch"/>.</summary>
    public void RememberCurrentTag(Guid id, RepresentationTag json, long epoch) => memory.RememberCurrentTag(id, json, epoch);

    /// <summary>
    /// How many erasures erased a value a representation of the record shows (<paramref name="shown"/>): one input of its
    /// tag, since an erasure changes what revisions say without a new revision.
    /// </summary>
    public async Task<int> ErasureGeneration(Guid id, Func<ErasedValue, bool> shown, CancellationToken cancellation)
    {
        if (!memory.TryErasures(id, out var erasures))
        {
            var epoch = memory.Epoch;
            await using var session = reads.QuerySession();
            erasures = await session.LoadAsync<RecordErasures>(id, cancellation);
            memory.RememberErasures(id, erasures, epoch);
        }
        return erasures?.Touching(shown) ?? 0;
    }

    /// <summary>Whether the current-record view is being rebuilt, looked up at most every couple of seconds.</summary>
    private async Task<bool> RecordsRebuilding(CancellationToken cancellation)
    {
        if (clock.GetUtcNow() < nextRebuildCheck) return recordsRebuilding;
        await using var session = reads.QuerySession();
        recordsRebuilding = await session.Query<RebuildJob>()
            .AnyAsync(job => job.Projection == CurrentRecordProjection.ProjectionName && job.State == JobState.Running, cancellation);
        nextRebuildCheck = clock.GetUtcNow() + SwitchCheckInterval;
        return recordsRebuilding;
    }

    private async Task<CurrentRecord?> Projected(Guid id, CancellationToken cancellation)
    {
        var table = await CurrentRecords(cancellation);
        if (table == Table<CurrentRecord>())
        {
            await using var session = reads.QuerySession();
            return await session.LoadAsync<CurrentRecord>(id, cancellation);
        }
        // An earlier version's table, which Marten no longer maps, serves until the newest has caught up.
        var command = new NpgsqlCommand($"select data from {table} where id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await Documents<CurrentRecord>(command, cancellation)).SingleOrDefault();
    }
}
