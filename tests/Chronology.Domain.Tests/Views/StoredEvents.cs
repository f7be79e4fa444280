using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using JasperFx.Events;

namespace Chronology.Domain.Tests.Views;

/// <summary>A record's events as the event store hands them to a projection: numbered in the stream and the log, with the edit headers.</summary>
public sealed class StoredEvents(Guid stream, long firstSequence, long sequenceStep) : List<IEvent>
{
    public void Add(IRecordEvent data, int revision, DateTimeOffset at, string editor)
    {
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.StreamId = stream;
        e.Version = Count + 1;
        e.Sequence = firstSequence + sequenceStep * Count;
        e.Timestamp = at;
        e.SetHeader(EditHeaders.Revision, (long)revision);
        e.SetHeader(EditHeaders.Editor, editor);
        Add(e);
    }
}
