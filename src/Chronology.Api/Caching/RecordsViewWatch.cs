using System.Collections.Concurrent;
using Chronology.Api.Queries;
using Chronology.Api.Replicas;
using Chronology.Domain.Chronologies;

namespace Chronology.Api.Caching;

/// <summary>
/// Keeps <see cref="RevalidationMemory"/> true to the records view with one query every <see cref="Interval"/>, whatever the
/// number of requests: the view's progress in Marten's progression table and, when it moved, the streams of the events it
/// passed (forgotten one by one); a rebuild (progress going back), a switch of the serving table, an erasure or a jump
/// larger than <see cref="MostEventsListed"/> forget everything. So a tag stays answerable from memory at most one
/// interval plus one look after the view stops holding it, and never more than <see cref="RevalidationMemory.TrustFor"/>.
/// Each chronology's view is looked at in its own database.
/// </summary>
public sealed class RecordsViewWatch(ViewReader views, RevalidationMemory memory, ChronologyCatalogue chronologies, TimeProvider clock, ILogger<RecordsViewWatch> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Beyond this many events (an import, a rebuild catching up), forgetting all costs less than naming the streams.</summary>
    private const long MostEventsListed = 10_000;

    private readonly ConcurrentDictionary<string, (uint Version, long Sequence)> seen = new();
    private bool failing;

    /// <summary>A chronology's records view's progress as of the last look: what memory is true to.</summary>
    public long Seen(string chronology) => seen.TryGetValue(chronology, out var progress) ? progress.Sequence : -1;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await Look(stopping);
                if (failing) logger.LogInformation("The records view's progress is read again; current tags are remembered again.");
                failing = false;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Memory stops answering by itself once no look has succeeded for a while; forgetting now is sooner.
                seen.Clear();
                memory.ForgetAll();
                // Said once per outage, not ten times a second.
                if (!failing) logger.LogWarning(e, "Could not read the records view's progress; current tags are read from PostgreSQL until it can.");
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    private async Task Look(CancellationToken cancellation)
    {
        var started = clock.GetUtcNow();
        // The view as the GETs that fill memory read it: on the standby when reads go there (its replay lag comes on top).
        using var asGets = StandbyReads.ReadAsGets();
        foreach (var chronology in chronologies.Names)
        {
            using var scope = ChronologyScope.Enter(chronology);
            var now = await views.CurrentRecordsProgress(cancellation);
            if (!seen.TryGetValue(chronology, out var before) || before.Version != now.Version || now.Sequence < before.Sequence ||
                now.Sequence - before.Sequence > MostEventsListed)
                memory.ForgetAll();
            else if (now.Sequence > before.Sequence)
            {
                var (streams, erasure) = await views.StreamsBetween(before.Sequence, now.Sequence, cancellation);
                if (erasure) memory.ForgetAll();
                else memory.Forget(streams);
            }
            seen[chronology] = now;
        }
        memory.LookedAt(started);
    }
}
