using Chronology.Domain.PersonalData;
using Chronology.Domain.Records;
using Chronology.Domain.Views;
using Marten;

namespace Chronology.Domain.Erasing;

/// <summary>
/// Erases a subject's personal values in one transaction: deletes their openings (the events and the signed log keep
/// the commitments, untouched), puts the placeholder into every document folded from them (write state, current view,
/// each revision), and records the erasure as an event of its own. Each affected record's stream is locked first, as an
/// edit locks it, so an edit cannot write a write state folded from a value being erased.
/// </summary>
public sealed class SubjectEraser(IDocumentStore store)
{
    /// <summary>The erasure, or null when no stored value matches (nothing was done).</summary>
    public async Task<SubjectErased?> Erase(EraseSubject request, string erasedBy, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellation);
        var found = await Matching(session, request.Subject!.Trim(), request.Fields!, cancellation);
        if (found.Count == 0) return null;

        var erased = found.Select(row => new ErasedValue(row.Id, row.Field, row.RecordId, row.ItemId)).ToImmutableList();
        var records = erased.Select(value => value.RecordId).Distinct().Order().ToList();
        foreach (var recordId in records)
        {
            var stream = await session.Events.FetchForExclusiveWriting<Record>(recordId, cancellation);
            if (stream.Aggregate is { } state) session.Store(ErasedViews.Scrub(state, erased));
        }
        session.Store([.. (await session.LoadManyAsync<CurrentRecord>(cancellation, records)).Select(view => ErasedViews.Scrub(view, erased))]);
        var revisions = await session.Query<RevisionView>().Where(revision => revision.RecordId.IsOneOf(records)).ToListAsync(cancellation);
        session.Store([.. revisions.GroupBy(revision => revision.RecordId).SelectMany(record => ErasedViews.Scrub(record, erased))]);
        foreach (var row in found) session.Delete(row);

        var erasure = new SubjectErased(
            Guid.CreateVersion7(), erasedBy, request.Reason!.Trim(), [.. request.Fields!.Distinct()], erased);
        session.Events.StartStream(erasure.ErasureId, erasure);
        await session.SaveChangesAsync(CancellationToken.None);
        return erasure;
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
