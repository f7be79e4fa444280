using Chronology.Domain.Records;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// The events the views are made of. Marten also writes events of its own into the log — tombstones that fill the
/// sequence numbers of an append whose transaction failed, archive markers — which belong to no record and carry
/// none of an edit's metadata: every projection passes over them, so a failed append can never stop a view.
/// </summary>
public static class RecordEvents
{
    /// <summary>Loads only the record events into the projection: the daemon filters the rest out in SQL.</summary>
    public static void IncludeRecordEventsOnly(this EventFilterable projection)
    {
        foreach (var (type, _, _) in EventCatalogue.Events) projection.IncludeType(type);
    }

    /// <summary>Whether a projection folds this event in; whatever the loader still lets through is passed over here.</summary>
    public static bool Applies(IEvent e) => e.Data is IRecordEvent;

    /// <summary>
    /// One step of a projection over one event. A failure names the event, so the paused projection reports which
    /// event it stopped on (and an admin can skip that one).
    /// </summary>
    public static T Step<T>(IEvent e, Func<T> step) => Step(e, step, static (_, step) => step());

    /// <summary>
    /// The same, for a step that takes what it needs as arguments: with a static lambda, a fold calls it for every event
    /// without allocating a closure and a delegate each time.
    /// </summary>
    public static T Step<TState, T>(IEvent e, TState state, Func<IEvent, TState, T> step)
    {
        try
        {
            return step(e, state);
        }
        catch (Exception failure) when (failure is not ApplyEventException)
        {
            throw new ApplyEventException(e, failure);
        }
    }
}
