using Chronology.Domain.Records;
using JasperFx.Events;

namespace Chronology.Domain.Views;

/// <summary>Builds a record's view straight from its events: the fallback when the worker's view lags behind.</summary>
public static class LiveRecord
{
    /// <summary>The record as of the last of <paramref name="events"/>, with its edit metadata.</summary>
    public static CurrentRecord? Fold(IReadOnlyList<IEvent> events)
    {
        Record? state = null;
        foreach (var e in events) state = EventMetadata.Fold(state, e);
        return state is null ? null : new CurrentRecord(
            state.Id, state, events[0].Timestamp, events[^1].Timestamp, EventMetadata.Editor(events[^1]), events[^1].Sequence);
    }
}
