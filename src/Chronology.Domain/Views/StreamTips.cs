using System.Collections.Concurrent;
using JasperFx.Events;

namespace Chronology.Domain.Views;

/// <summary>
/// Where a projection left each record, kept in memory between batches so that a batch goes on without reading its
/// documents back. A tip is used only when it stands exactly before the batch's first event of the record (a stream's
/// versions have no gaps), so one left behind by a failed batch, a rebuild or another worker is never built on: the
/// projection reads that record's place back from the database instead.
/// </summary>
public sealed class StreamTips<TTip>(int capacity) where TTip : class
{
    private readonly ConcurrentDictionary<(string Tenant, Guid Stream), (long Version, TTip Tip)> tips = new();

    /// <summary>
    /// Whether the place just before <paramref name="first"/> is known: nothing before a record's first event, or the
    /// tip kept after the event before it.
    /// </summary>
    public bool Before(IEvent first, out TTip? tip)
    {
        tip = null;
        if (first.Version <= 1) return true;
        if (!tips.TryGetValue((first.TenantId, first.StreamId), out var kept) || kept.Version != first.Version - 1) return false;
        tip = kept.Tip;
        return true;
    }

    /// <summary>
    /// Each record's tip just before its first event in the batch where it is known, and the first events of the records
    /// whose place the projection has to read back.
    /// </summary>
    public (Dictionary<Guid, TTip?> Known, List<IEvent> Missing) Before(IReadOnlyList<IEvent> firstEvents)
    {
        var known = new Dictionary<Guid, TTip?>();
        var missing = new List<IEvent>();
        foreach (var e in firstEvents)
        {
            if (Before(e, out var tip)) known[e.StreamId] = tip;
            else missing.Add(e);
        }
        return (known, missing);
    }

    public void Forget(IEnumerable<Guid> streams)
    {
        var forgotten = streams.ToHashSet();
        if (forgotten.Count == 0) return;
        // Enumerating the dictionary takes no lock, where its Keys copy every key under all of its locks.
        foreach (var (key, _) in tips)
        {
            if (forgotten.Contains(key.Stream)) tips.TryRemove(key, out _);
        }
    }

    /// <summary>Keeps each record's tip after the last event of it that the batch folded in.</summary>
    public void Keep(IReadOnlyCollection<(IEvent Last, TTip Tip)> batch)
    {
        // A rebuild touches every record; past the capacity the tips start over rather than hold every record at once.
        // The size is asked once a batch: ConcurrentDictionary counts under every one of its locks (up to 1,024 once
        // it has grown), and asking it for each record of a batch was a fifth of a rebuild's CPU (bench/README.md, round 12).
        if (tips.Count + batch.Count > capacity) tips.Clear();
        foreach (var (last, tip) in batch) tips[(last.TenantId, last.StreamId)] = (last.Version, tip);
    }
}
