using JasperFx.Events;

namespace Chronology.Domain.Records.Reverting;

/// <summary>The record's state at the earlier revisions a command asked for.</summary>
public sealed class PastStates(IReadOnlyDictionary<int, Record> states)
{
    public static readonly PastStates None = new(new Dictionary<int, Record>());

    public Record? At(int revision) => states.GetValueOrDefault(revision);

    /// <summary>Folds a record's events, in stream order, keeping the states at the <paramref name="wanted"/> revisions.</summary>
    public static PastStates Fold(IEnumerable<IEvent> events, IReadOnlySet<int> wanted)
    {
        if (wanted.Count == 0) return None;
        var states = new Dictionary<int, Record>();
        Record? state = null;
        foreach (var e in events)
        {
            var revision = EventMetadata.Revision(e);
            if (revision > wanted.Max()) break;
            state = EventMetadata.Fold(state, e);
            if (wanted.Contains(revision)) states[revision] = state;
        }
        return new PastStates(states);
    }
}
