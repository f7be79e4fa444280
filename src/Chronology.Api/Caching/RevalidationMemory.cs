using Chronology.Domain.Chronologies;
using Chronology.Domain.Erasing;
using Microsoft.Extensions.Caching.Memory;

namespace Chronology.Api.Caching;

/// <summary>
/// What this API remembers of the records it has served, so that revalidating a current copy costs no query: the tag of
/// each record's current JSON and each record's erasures. <see cref="RecordsViewWatch"/> forgets a record as soon as it sees
/// the records view move past one of its events, and everything when the view goes back (a rebuild), switches table or an
/// erasure happens. Memory answers only while that watch is keeping up (<see cref="Trusted"/>). Records are remembered
/// within the current chronology (<see cref="ChronologyScope"/>): each is a database of its own, watched apart.
/// </summary>
public sealed class RevalidationMemory(TimeProvider clock) : IDisposable
{
    /// <summary>How long after the watch's last look at the view memory may still answer, should the watch stall.</summary>
    public static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(1);

    private const int MaxEntries = 200_000;
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1 };
    private readonly MemoryCache memory = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private long forgettings;
    private long lookedAt;

    /// <summary>
    /// Counts the watch's rounds of forgetting. A reader takes it before reading the view and hands it back with what it
    /// read: if a round began in between, what was read may already be outdated and is not kept.
    /// </summary>
    public long Epoch => Interlocked.Read(ref forgettings);

    private bool Trusted => clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lookedAt) < TrustFor.Ticks;

    public RepresentationTag? CurrentTag(Guid id) => Trusted && memory.TryGetValue(new TagOf(ChronologyScope.Name, id), out RepresentationTag tag) ? tag : null;

    public void RememberCurrentTag(Guid id, RepresentationTag tag, long epoch) => Remember(new TagOf(ChronologyScope.Name, id), tag, epoch);

    /// <summary>A record's erasures when remembered (null when it has none), or whether they must be read.</summary>
    public bool TryErasures(Guid id, out RecordErasures? erasures)
    {
        erasures = null;
        return Trusted && memory.TryGetValue(new ErasuresOf(ChronologyScope.Name, id), out erasures);
    }

    public void RememberErasures(Guid id, RecordErasures? erasures, long epoch) => Remember(new ErasuresOf(ChronologyScope.Name, id), erasures, epoch);

    /// <summary>The watch has seen the view as it stood when it started this look (it forgets what moved before calling this).</summary>
    public void LookedAt(DateTimeOffset started) => Interlocked.Exchange(ref lookedAt, started.UtcTicks);

    public void Forget(IEnumerable<Guid> records)
    {
        Interlocked.Increment(ref forgettings);
        foreach (var id in records)
        {
            memory.Remove(new TagOf(ChronologyScope.Name, id));
            memory.Remove(new ErasuresOf(ChronologyScope.Name, id));
        }
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref forgettings);
        memory.Clear();
    }

    public void Dispose() => memory.Dispose();

    private void Remember(object key, object? value, long epoch)
    {
        memory.Set(key, value, Entry);
        // Kept only if no round of forgetting began since the reader took its epoch; a round that begins later removes it itself.
        if (Epoch != epoch) memory.Remove(key);
    }

    private sealed record TagOf(string Chronology, Guid Record);

    private sealed record ErasuresOf(string Chronology, Guid Record);
}
