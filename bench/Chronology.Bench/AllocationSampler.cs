using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Chronology.Bench;

/// <summary>
/// The runtime's allocation samples (one event per ~100 KB allocated, naming the type that crossed the mark), summed by
/// type: a rough picture of what a piece of code allocates, in process, without a tracing tool.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GarbageCollection = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> bytesByType = new();

    public IEnumerable<(string Type, double Share)> Shares()
    {
        var sum = (double)bytesByType.Values.Sum();
        return bytesByType.OrderByDescending(type => type.Value).Select(type => (type.Key, type.Value / sum));
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GarbageCollection);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not "GCAllocationTick_V4") return;
        var type = (string)e.Payload![e.PayloadNames!.IndexOf("TypeName")]!;
        var bytes = Convert.ToInt64(e.Payload![e.PayloadNames!.IndexOf("AllocationAmount64")]);
        bytesByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
    }
}
