using System.Diagnostics;
using Chronology.Domain;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Views;
using JasperFx.Events;
using Marten;

namespace Chronology.Bench;

/// <summary>
/// The revisions projection's own work in a rebuild, without a database: the events <see cref="BulkLoad"/> writes (one per
/// revision, record after record within each revision, as the daemon reads them back), in pages of the daemon's batch size;
/// each page folded record by record on every core from the tips kept since the page before (<see cref="RevisionTip.Fold"/>,
/// as <see cref="RevisionsProjection"/> does), and every finished revision serialised and hashed as <see cref="DocumentRows"/>
/// does. What a rebuild adds to this is reading the events and PostgreSQL's insert. Prints the wall and process CPU time per
/// event, the collections and their pauses, the bytes allocated per event and, with <c>allocations</c>, by type.
/// </summary>
public static class FoldReplay
{
    public static void Run(int records, int revisions, bool byType)
    {
        var ids = Enumerable.Range(0, records).Select(_ => Guid.CreateVersion7()).ToArray();
        var total = (long)records * revisions;
        var tips = new StreamTips<RevisionTip>(ProjectionTuning.CachedRevisionTips);
        // The store's own serializer, as the projection writes its rows with; the options connect to nothing.
        var serializer = new StoreOptions().ConfigureChronology("Host=127.0.0.1").Serializer();
        using var sampler = byType ? new AllocationSampler() : null;
        var process = Process.GetCurrentProcess();
        var (cpu, pauses, allocated) = (process.TotalProcessorTime, GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var clock = Stopwatch.StartNew();
        for (var first = 1L; first <= total; first += ProjectionTuning.BatchSize)
        {
            var page = new List<IEvent>(ProjectionTuning.BatchSize);
            for (var sequence = first; sequence < first + ProjectionTuning.BatchSize && sequence <= total; sequence++)
                page.Add(Event(sequence, ids, records));
            Apply(page, tips, serializer);
        }
        clock.Stop();
        process.Refresh();
        var counts = Enumerable.Range(0, 3).Select(generation => GC.CollectionCount(generation) - collections[generation]).ToArray();
        Console.WriteLine($"{total:N0} events over {records:N0} records: {total / clock.Elapsed.TotalSeconds:N0} events/s, " +
                          $"wall {clock.Elapsed.TotalMicroseconds / total:F1} µs and CPU {(process.TotalProcessorTime - cpu).TotalMicroseconds / total:F1} µs per event, " +
                          $"{(GC.GetTotalAllocatedBytes() - allocated) / total:N0} bytes allocated per event; " +
                          $"collections gen 0/1/2 {counts[0]}/{counts[1]}/{counts[2]}, paused {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:F2} s");
        if (sampler is not null)
            foreach (var (type, share) in sampler.Shares().Take(25)) Console.WriteLine($"{share,6:P1}  {type}");
    }

    private static void Apply(List<IEvent> page, StreamTips<RevisionTip> tips, ISerializer serializer)
    {
        var streams = page.GroupBy(e => e.StreamId).ToList();
        var (starts, missing) = tips.Before(streams.Select(stream => stream.First()).ToList());
        if (missing.Count > 0) throw new InvalidOperationException("A record's tip was not kept: the replay would read the database here.");
        var folds = RevisionsProjection.FoldEach(streams, starts);
        tips.Keep(streams.Select((stream, i) => (stream.Last(), folds[i].Tip!)).ToList());
        DocumentRows.Serialised(serializer, folds.SelectMany(fold => fold.Finished).ToList(), revision => revision.Id);
    }

    // The headers as they come back from PostgreSQL: plain values.
    private static IEvent Event(long sequence, Guid[] ids, int records)
    {
        var (revision, record) = ((int)((sequence - 1) / records) + 1, ids[(sequence - 1) % records]);
        object data = revision == 1 ? BulkLoad.Created(record) : BulkLoad.Edit(revision);
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.StreamId = record;
        e.Version = revision;
        e.Sequence = sequence;
        e.Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(sequence);
        e.Id = Guid.CreateVersion7();
        e.Headers = new Dictionary<string, object>
        {
            [EditHeaders.Revision] = (long)revision, [EditHeaders.Editor] = "bench-loader", [EditHeaders.Correction] = false,
            [EditHeaders.Comment] = "bulk load",
        };
        return e;
    }
}
