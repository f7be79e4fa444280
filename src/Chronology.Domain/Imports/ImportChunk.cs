using Chronology.Domain.PersonalData;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Reverting;
using JasperFx.Events;
using Marten;

namespace Chronology.Domain.Imports;

/// <summary>
/// One chunk of an import, decided in memory and stored in one transaction. The records its lines name are locked (as
/// the single-command path locks one) and their write states read in one query each; then each line, in file order, is
/// read, checked against its key's receipt, and decided with the same <see cref="Edit.Decide"/> as an HTTP command on the
/// state the earlier lines left. The accepted lines' events (with the metadata the single-command path stamps on them),
/// the records' write states as they end, the personal values' openings, the receipts and the names the lines introduce
/// are written by <see cref="ChunkRows"/> in the chunk's transaction: what the single-command path leaves, in bulk. Deciding
/// and storing are apart so that the next chunk can be decided while this one is stored and committed.
/// </summary>
internal sealed class ImportChunk(
    IReadOnlyList<PreparedLine> lines, Importer importer, string correlationId, IReadOnlyDictionary<string, Guid> knownNames, DateTimeOffset now)
{
    /// <summary>A record the chunk writes: its state as the earlier lines left it, and the events they added.</summary>
    private sealed class RecordWrite(Guid id, Record? state, bool stored, long version)
    {
        public Guid Id { get; } = id;

        public Record? State { get; set; } = state;

        public bool Stored { get; } = stored;

        /// <summary>The stream's version as stored (0 for a record this chunk creates).</summary>
        public long Version { get; } = version;

        public List<IEvent> Pending { get; } = [];
    }

    private readonly Dictionary<string, Guid> names = new();
    private readonly Dictionary<Guid, RecordWrite> records = new();
    private readonly HashSet<Guid> linkTargets = [];
    private readonly Dictionary<string, EditReceipt> receipts = new();
    private readonly List<EditReceipt> newReceipts = [];
    private readonly List<ImportName> newNames = [];
    private HashSet<string>? wantedNames, receiptIds;
    private ChunkRows? rows;

    public List<ImportError> Errors { get; } = [];

    public int Imported { get; private set; }

    public int Skipped { get; private set; }

    public int RecordsCreated { get; private set; }

    /// <summary>Accepted lines that added a revision to a record stored or created before them.</summary>
    public int Revisions { get; private set; }

    public long Events { get; private set; }

    /// <summary>The names this chunk stored, for the next chunks once it committed.</summary>
    public IEnumerable<ImportName> NewNames => newNames;

    /// <summary>
    /// Decides every line in the transaction <paramref name="session"/> is enlisted in, locking the stored records they
    /// name; nothing is written until <see cref="Store"/>.
    /// </summary>
    public async Task Decide(IDocumentSession session, CancellationToken cancellation)
    {
        await LoadReceipts(session, cancellation);
        await LoadNames(session, cancellation);
        await LockAndLoadRecords(session, cancellation);

        foreach (var line in lines)
            if ((line.Error ?? await Import(session, line, cancellation)) is { } error)
                Errors.Add(new ImportError(line.Source.Number, error));

        var written = records.Values.Where(record => record.Pending.Count > 0).ToList();
        Events = written.Sum(record => record.Pending.Count);
        // Sealed before anything is serialised: the events and the states hold the same personal values, committed with them.
        var openings = written.SelectMany(record => PersonalValues.Openings(record.Id, record.Pending.Select(e => e.Data))).ToList();
        rows = new ChunkRows(session);
        rows.Add([.. written.Select(record => new ChunkRows.Stream(record.Id, record.Stored, record.Version, record.Pending, record.State!))]);
        // Receipts, names and openings are new rows (a replayed line finds its own, and a key reused is refused), so they
        // are copied in: another import committing the same keys meanwhile makes the COPY fail on the primary key, and the
        // chunk is decided again.
        rows.Add(openings, opening => opening.Id);
        rows.Add(newReceipts, receipt => receipt.Id);
        rows.Add(newNames, name => name.Id);
    }

    /// <summary>Writes what <see cref="Decide"/> decided (and serialised), in the same transaction; the caller commits.</summary>
    public Task Store(CancellationToken cancellation) =>
        (rows ?? throw new InvalidOperationException("A chunk is stored once decided.")).Write(cancellation);

    /// <summary>
    /// Whether this chunk's lines read a name or a receipt that <paramref name="earlier"/> stores: then they can be decided
    /// only once it committed. Records both chunks name otherwise need no such wait: this chunk's lock on them waits for it.
    /// </summary>
    public bool Reads(ImportChunk earlier) =>
        earlier.newNames.Any(name => WantedNames.Contains(name.Id)) || earlier.newReceipts.Any(receipt => ReceiptIds.Contains(receipt.Id));

    /// <summary>Every name the lines use: their records, their own keys, and each "@name" in their bodies.</summary>
    private HashSet<string> WantedNames => wantedNames ??= NamesUsed(withOwnKey: _ => true);

    /// <summary>The names the lines use, each line's own key only where <paramref name="withOwnKey"/> says.</summary>
    private HashSet<string> NamesUsed(Func<ImportLine, bool> withOwnKey) => lines.Where(line => line.Line is not null)
        .SelectMany(line => line.References.SelectMany(reference => new[] { ImportName.ForRecord(reference), ImportName.ForItem(reference) })
            .Append(ImportName.ForRecord(line.Line!.Record!))
            .Concat(withOwnKey(line.Line) ? [ImportName.ForItem(line.Line.Key!)] : []))
        .ToHashSet();

    private HashSet<string> ReceiptIds => receiptIds ??= lines.Select(p => p.Line).OfType<ImportLine>().Select(ReceiptId).ToHashSet();

    private static string ReceiptId(ImportLine line) => EditReceipt.IdFor(NdjsonImport.IdempotencyScope, line.Key!);

    /// <summary>
    /// The names the lines use, in one query for those not known yet. A line's own key names an item only once the line
    /// was stored, with its receipt: the keys of lines without one are not looked for (in a first import, nearly every
    /// name a chunk uses, and each a probe of an index that grows with the import).
    /// </summary>
    private async Task LoadNames(IQuerySession session, CancellationToken cancellation)
    {
        var unknown = new List<string>();
        foreach (var name in NamesUsed(withOwnKey: line => receipts.ContainsKey(ReceiptId(line))))
            if (knownNames.TryGetValue(name, out var id)) names[name] = id;
            else unknown.Add(name);
        if (unknown.Count > 0)
            foreach (var name in await session.LoadManyAsync<ImportName>(cancellation, unknown))
                names[name.Id] = name.Value;
    }

    private async Task LoadReceipts(IQuerySession session, CancellationToken cancellation)
    {
        if (ReceiptIds.Count == 0) return;
        foreach (var receipt in await session.LoadManyAsync<EditReceipt>(cancellation, ReceiptIds.ToArray()))
            receipts[receipt.Id] = receipt;
    }

    /// <summary>
    /// Locks the stored records the chunk names, in id order so that two imports never wait for each other in a circle,
    /// and reads their write states: the state every decision starts from is the one the commit lands on.
    /// </summary>
    private async Task LockAndLoadRecords(IDocumentSession session, CancellationToken cancellation)
    {
        var ids = names.Where(name => name.Key.StartsWith(ImportName.ForRecord(""), StringComparison.Ordinal))
            .Select(name => name.Value).Distinct().Order().ToArray();
        if (ids.Length == 0) return;
        var versions = new Dictionary<Guid, long>();
        await using (var command = new Npgsql.NpgsqlCommand(
            $"select id, version from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any($1) order by id for update",
            session.Connection) { Parameters = { new Npgsql.NpgsqlParameter { Value = ids } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation))
                versions[reader.GetGuid(0)] = reader.GetInt64(1);
        var states = (await session.LoadManyAsync<Record>(cancellation, versions.Keys)).ToDictionary(record => record.Id);
        foreach (var (id, version) in versions)
            records[id] = new RecordWrite(id, states.GetValueOrDefault(id), stored: true, version);
    }

    /// <summary>One line through the rules of the single-command path; the reason it was refused, or null.</summary>
    private async Task<string?> Import(IDocumentSession session, PreparedLine prepared, CancellationToken cancellation)
    {
        var line = prepared.Line!;
        var creating = line.Command == "create";
        var recordId = Name(ImportName.ForRecord(line.Record!));
        if (recordId is null && !creating) return $"record '{line.Record}' is not known: create it on an earlier line.";

        var (read, refusal) = prepared.Command ?? ReadWithNames(line);
        if (refusal is not null) return refusal.Message;

        var receiptId = ReceiptId(line);
        var hash = prepared.Hash;
        // Import receipts never expire (their claims carry no lifetime), so a receipt found is always replayed.
        if (receipts.TryGetValue(receiptId, out var receipt))
        {
            if (receipt.RequestHash != hash) return $"key '{line.Key}' was imported before with different content.";
            Remember(line, receipt.RecordId, receipt.ItemId);
            Skipped++;
            return null;
        }

        var id = recordId ?? Guid.CreateVersion7();
        var record = records.TryGetValue(id, out var known) ? known : records[id] = new RecordWrite(id, null, stored: false, version: 0);
        if (await UnknownLinkTarget(session, read!.Command, cancellation) is { } unknownTarget) return unknownTarget.Message;
        var decision = Edit.Decide(id, record.State, [read.Command], await PastStates(session, record, read.Command, cancellation));
        if (decision.Refusal is { } refused) return refused.Message;

        var changed = decision.Events.Count > 0;
        var revision = (record.State?.Revision ?? 0) + (changed ? 1 : 0);
        var created = record.State is null;
        var note = new EditNote(
            importer.IsAdmin && line.Editor is { Length: > 0 } named ? named : importer.Name,
            line.Comment ?? read.Comment, line.Correction ?? read.Correction, line.Key, importer.Name);
        foreach (var data in decision.Events)
        {
            record.Pending.Add(Stamped(session.Events.BuildEvent(data), note, revision));
            record.State = Records.Record.Next(record.State, id, revision, data);
        }
        if (created && changed) RecordsCreated++;
        else if (changed) Revisions++;

        var itemId = (read.Command as IAddsItem)?.ItemId;
        var newReceipt = new EditReceipt(receiptId, hash, id, revision, itemId, created, now, ExpiresAt: null);
        receipts[receiptId] = newReceipt;
        newReceipts.Add(newReceipt);
        Remember(line, id, itemId);
        Imported++;
        return null;
    }

    /// <summary>The metadata the single-command path stamps on every event of a revision (see RecordEditor).</summary>
    private IEvent Stamped(IEvent e, EditNote note, int revision)
    {
        e.SetHeader(EditHeaders.Revision, revision);
        e.SetHeader(EditHeaders.Editor, note.Editor);
        e.SetHeader(EditHeaders.Correction, note.Correction);
        if (note.Comment is { } comment) e.SetHeader(EditHeaders.Comment, comment);
        e.SetHeader(EditHeaders.ImportedBy, note.ImportedBy!);
        e.SetHeader(EditHeaders.IdempotencyKey, note.IdempotencyKey!);
        e.UserName = note.Editor;
        e.CorrelationId = correlationId;
        return e;
    }

    /// <summary>Keeps the ids a line's local names stand for, so later lines (and later imports) can use them.</summary>
    private void Remember(ImportLine line, Guid recordId, Guid? itemId)
    {
        if (line.Command == "create") Keep(ImportName.ForRecord(line.Record!), recordId);
        if (itemId is { } item) Keep(ImportName.ForItem(line.Key!), item);

        void Keep(string name, Guid value)
        {
            if (names.TryGetValue(name, out var known) && known == value) return;
            names[name] = value;
            newNames.Add(new ImportName(name, value));
        }
    }

    private Guid? Name(string name) => names.TryGetValue(name, out var id) ? id : null;

    /// <summary>Reads the command of a line whose body names records or lines ("@name"), each replaced by the id it stands for.</summary>
    private (ReadCommand? Read, DomainError? Refusal) ReadWithNames(ImportLine line)
    {
        var body = JsonNode.Parse(line.Body!.Value.GetRawText())!;
        foreach (var reference in PreparedLine.ReferencesIn(body).ToList())
        {
            var name = reference.GetValue<string>()[1..];
            var id = Name(ImportName.ForRecord(name)) ?? Name(ImportName.ForItem(name));
            if (id is null) return (null, DomainError.Invalid("body", $"'@{name}' names no record or line imported before."));
            reference.ReplaceWith(JsonValue.Create(id.Value.ToString()));
        }
        return CommandCatalogue.Read(line.Command!, body, Guid.CreateVersion7);
    }

    /// <summary>A link must point at a record that exists: one of the chunk's, or one stored before.</summary>
    private async Task<DomainError?> UnknownLinkTarget(IQuerySession session, IRecordCommand command, CancellationToken cancellation)
    {
        if (command is not AddLink link) return null;
        if (records.TryGetValue(link.RecordId, out var target) && target.State is not null) return null;
        if (linkTargets.Contains(link.RecordId)) return null;
        if (await session.LoadAsync<Record>(link.RecordId, cancellation) is null)
            return DomainError.Invalid("recordId", $"There is no record {link.RecordId} to link to.");
        linkTargets.Add(link.RecordId);
        return null;
    }

    /// <summary>The earlier states a revert or an undo needs: the record's stored events, then the ones this chunk added.</summary>
    private static async Task<PastStates> PastStates(IQuerySession session, RecordWrite record, IRecordCommand command, CancellationToken cancellation)
    {
        if (command is not INeedsHistory history) return Records.Reverting.PastStates.None;
        var wanted = history.Revisions.Where(r => r >= 1).ToHashSet();
        if (wanted.Count == 0) return Records.Reverting.PastStates.None;
        var stored = record.Stored ? await session.Events.FetchStreamAsync(record.Id, token: cancellation) : [];
        await PersonalValues.Resolve(session, stored, cancellation);
        return Records.Reverting.PastStates.Fold(stored.Concat(record.Pending), wanted);
    }
}
