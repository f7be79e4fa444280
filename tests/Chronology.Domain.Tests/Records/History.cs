using Chronology.Domain.Records;

namespace Chronology.Domain.Tests.Records;

/// <summary>A record's history as the tests write it: one list of events per revision.</summary>
public static class History
{
    /// <summary>The state after a whole history: one list of events per revision, revision 1 first.</summary>
    public static Record? Fold(Guid id, IEnumerable<IReadOnlyList<IRecordEvent>> revisions)
    {
        Record? state = null;
        var revision = 0;
        foreach (var events in revisions)
        {
            revision++;
            foreach (var @event in events) state = Record.Next(state, id, revision, @event);
        }
        return state;
    }
}
