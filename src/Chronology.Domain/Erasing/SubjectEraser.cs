using Chronology.Domain.Chronologies;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Records;
using Chronology.Domain.Views;
using Marten;

namespace Chronology.Domain.Erasing;

/// <summary>
/// Erases a subject's personal values in one transaction: deletes their openings (the events and the signed log keep
/// the commitments, untouched), puts the placeholder into every document folded from them (write state, current view,
/// each revision), and records the erasure as an event of its own and in each record's <see cref="RecordErasures"/>. Each affected record's stream is locked first, as an
/// edit locks it, so an edit cannot write a write state folded from a value being erased. The worker's views are then
/// checked again once they have passed the erasure (see <see cref="Settle"/>).
/// </summary>
public sealed class SubjectEraser(IDocumentStore store, TimeProvider clock)
{
    /// <summary>How long an erasure waits for the worker's views to pass it before answering without the second check.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] FoldedViews = [CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName];

    /// <summary>The erasure and whether the views were checked again after it, or null when no stored value matches (nothing was done).</summary>
    public async Task<(SubjectErased Erasure, bool Settled)?> Erase(EraseSubject request, string erasedBy, CancellationToken cancellation)
    {
        var erasure = await EraseValues(request, erasedBy, cancellation);
        return erasure is null ? null : (erasure, await Settle(erasure.Values, cancellation));
    }

    private async Task<SubjectErased?> EraseValues(EraseSubject request, string erasedBy, CancellationToken cancellation)
    {
        await using var session = store.ChronologySession();
        await session.BeginTransactionAsync(cancellation);
        var found = await Matching(session, request.Subject!.Trim(), request.Fields!, cancellation);
        if (found.Count == 0) return null;

        var erased = found.Select(row => new ErasedValue(row.Id, row.Field, row.RecordId, row.ItemId)).ToImmutableList();
        await Scrub(session, erased, always: true, cancellation);
        foreach (var row in found) session.Delete(row);

        var erasure = new SubjectErased(
            Guid.CreateVersion7(), erasedBy, request.Reason!.Trim(), [.. request.Fields!.Distinct()], erased);
        session.Events.StartStream(erasure.ErasureId, erasure);
        var byRecord = erased.GroupBy(value => value.RecordId).ToList();
        var known = (await session.LoadManyAsync<RecordErasures>(cancellation, byRecord.Select(values => values.Key))).ToDictionary(record => record.Id);
        session.Store([.. byRecord.Select(values =>
            RecordErasures.Add(known.GetValueOrDefault(values.Key), values.Key, erasure.ErasureId, values))]);
        await session.SaveChangesAsync(CancellationToken.None);
        return erasure;
    }

    /// <summary>
    /// Puts the placeholder into the documents of the affected records, after locking their streams: every document
    /// (<paramref name="always"/>), or only those that still show an erased value.
    /// </summary>
    private static async Task Scrub(IDocumentSession session, IReadOnlyCollection<ErasedValue> erased, bool always, CancellationToken cancellation)
    {
        var records = erased.Select(value => value.RecordId).Distinct().Order().ToList();
        foreach (var recordId in records)
        {
            var stream = await session.Events.FetchForExclusiveWriting<Record>(recordId, cancellation);
            if (stream.Aggregate is { } state && (always || ErasedViews.Shows(state, erased))) session.Store(ErasedViews.Scrub(state, erased));
        }
        // Read for update: a worker batch that advances a view meanwhile then writes after this transaction (and the settle
        // scrubs it again) instead of this one writing back the older revision it read over the newer one.
        var views = await session.QueryAsync<CurrentRecord>("where id = any(?) for update", cancellation, records.ToArray());
        session.Store([.. views.Where(view => always || ErasedViews.Shows(view.State, erased)).Select(view => ErasedViews.Scrub(view, erased))]);
        foreach (var recordId in records) await FoldRevisionsAgain(session, recordId, erased, cancellation);
    }

    /// <summary>
    /// Each revision stores what it changed and, every few revisions, the whole state: both are folded again from the
    /// record's events, whose erased values now open as erased (those being deleted in this transaction too).
    /// </summary>
    private static async Task FoldRevisionsAgain(IDocumentSession session, Guid recordId, IReadOnlyCollection<ErasedValue> erased, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(recordId, token: cancellation);
        var commitments = erased.Select(value => value.Commitment).ToHashSet();
        foreach (var value in events.Select(e => e.Data).OfType<IHoldsPersonalData>().SelectMany(data => data.PersonalValues())
                     .Select(field => field.Value).Where(value => !value.IsOpen && commitments.Contains(value.Commitment!)))
            value.Open(null);
        await PersonalValues.Resolve(session, events, cancellation);
        RevisionTip.Fold(null, events.Where(RecordEvents.Applies), revision => session.Store(revision));
    }

    /// <summary>
    /// A batch of the worker's views that looked a value up just before the rows were deleted can write it back just after
    /// the first scrub. Every batch that reaches past the erasure started after it, so once the views have passed it, the
    /// documents that show an erased value again are scrubbed again. False when the views did not get there in time.
    /// </summary>
    private async Task<bool> Settle(IReadOnlyCollection<ErasedValue> erased, CancellationToken cancellation)
    {
        var deadline = clock.GetUtcNow() + SettleTimeout;
        await using (var query = store.ChronologyQuery())
        {
            var erasedAt = (await query.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", cancellation)).Single();
            while (!(await store.Advanced.AllProjectionProgress(ChronologyScope.DatabaseTenantId, cancellation))
                       .Where(shard => FoldedViews.Any(view => shard.ShardName.StartsWith(view + ":", StringComparison.Ordinal)))
                       .All(shard => shard.Sequence >= erasedAt))
            {
                if (clock.GetUtcNow() > deadline) return false;
                await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellation);
            }
        }
        await using var session = store.ChronologySession();
        await session.BeginTransactionAsync(cancellation);
        await Scrub(session, erased, always: false, cancellation);
        await session.SaveChangesAsync(CancellationToken.None);
        return true;
    }

    /// <summary>
    /// The stored values to erase: the names of the participants called <paramref name="subject"/> (in any language),
    /// their roles, and the quotes that contain it; each only when its field is asked for.
    /// </summary>
    private static async Task<List<PersonalValue>> Matching(IQuerySession session, string subject, IReadOnlyList<string> fields, CancellationToken cancellation)
    {
        const string Texts = "exists (select 1 from jsonb_array_elements_text(data -> 'texts') as text(value) where";
        var names = await session.QueryAsync<PersonalValue>(
            $"where data ->> 'field' = ? and {Texts} lower(btrim(text.value)) = lower(?))", cancellation, PersonalFields.ParticipantName, subject);
        var found = fields.Contains(PersonalFields.ParticipantName) ? names.ToList() : [];
        if (fields.Contains(PersonalFields.ParticipantRole) && names.Count > 0)
            found.AddRange(await session.QueryAsync<PersonalValue>(
                "where data ->> 'field' = ? and data ->> 'itemId' = any(?)", cancellation,
                PersonalFields.ParticipantRole, names.Select(name => name.ItemId.ToString()).Distinct().ToArray()));
        if (fields.Contains(PersonalFields.SourceQuote))
            found.AddRange(await session.QueryAsync<PersonalValue>(
                $"where data ->> 'field' = ? and {Texts} strpos(lower(text.value), lower(?)) > 0)", cancellation, PersonalFields.SourceQuote, subject));
        return found;
    }
}
