using JasperFx.Events;
using Marten;

namespace Chronology.Domain.PersonalData;

/// <summary>
/// The one place where personal values meet the database: <see cref="Seal"/> commits to the values of the events about
/// to be appended and stores their openings in the same session (so the same transaction), and <see cref="Resolve"/>
/// looks up, in one query, the values of a batch of events read back — every fold of stored events (projections, time
/// travel, past states) calls it first. Events built in this process (a decision's) carry their values already.
/// </summary>
public static class PersonalValues
{
    /// <summary>Seals the personal values of the events pending in <paramref name="session"/> and stores their openings.</summary>
    public static void Seal(IDocumentSession session)
    {
        foreach (var stream in session.PendingChanges.Streams())
            session.Store([.. Openings(stream.Id, stream.Events.Select(e => e.Data))]);
    }

    /// <summary>Seals the personal values of <paramref name="events"/> of one record: the rows to store with them.</summary>
    public static IEnumerable<PersonalValue> Openings(Guid recordId, IEnumerable<object> events) =>
        from data in events.OfType<IHoldsPersonalData>()
        from field in data.PersonalValues()
        where field.Value.Commitment is null
        let opening = field.Value.Seal()
        select new PersonalValue(opening.Commitment, opening.Salt, opening.CanonicalValue, field.Field, recordId, field.ItemId, opening.Texts);

    /// <summary>Opens every personal value of <paramref name="events"/> still closed: its stored value, or erased.</summary>
    public static async Task Resolve(IQuerySession session, IEnumerable<IEvent> events, CancellationToken cancellation)
    {
        var closed = events.Select(e => e.Data).OfType<IHoldsPersonalData>()
            .SelectMany(data => data.PersonalValues()).Select(field => field.Value).Where(value => !value.IsOpen).ToList();
        if (closed.Count == 0) return;
        var stored = (await session.LoadManyAsync<PersonalValue>(cancellation, closed.Select(value => value.Commitment!).Distinct()))
            .ToDictionary(row => row.Id);
        foreach (var value in closed) value.Open(stored.GetValueOrDefault(value.Commitment!)?.Value);
    }

    /// <summary>The openings of the given commitments that are still stored (an erased one has none).</summary>
    public static async Task<IReadOnlyDictionary<string, PersonalValue>> Openings(IQuerySession session, IEnumerable<string> commitments, CancellationToken cancellation)
    {
        var ids = commitments.Distinct().ToArray();
        return ids.Length == 0
            ? new Dictionary<string, PersonalValue>()
            : (await session.LoadManyAsync<PersonalValue>(cancellation, ids)).ToDictionary(row => row.Id);
    }
}
