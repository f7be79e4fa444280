using Chronology.Domain.Records;
using JasperFx.Events;

namespace Chronology.Domain.Views;

/// <summary>Builds a record's view straight from its events: the fallback when the worker's view lags behind.</summary>
public static class LiveRecord
{
    public static RecordView? From(IReadOnlyList<IEvent> events)
    {
        Record? state = null;
        foreach (var e in events)
        {
            var revision = EventMetadata.Revision(e);
            state = state is null ? Record.Begin(e.StreamId, revision, (RecordCreated)e.Data) : state.With(revision, (IRecordEvent)e.Data);
        }
        return state is null ? null : RecordView.Of(state, events[0].Timestamp, events[^1].Timestamp, EventMetadata.Editor(events[^1]));
    }
}
