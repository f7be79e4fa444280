using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Reverting;

namespace Chronology.Domain.Records.Editing;

/// <summary>
/// Decides one revision: one command, or several applied together (a backfill). The lifecycle is
/// checked once, over the resulting sequence, so a cancellation and the reinstatement that followed
/// it can be recorded together although neither would make sense alone.
/// </summary>
public static class Edit
{
    public static Decision Decide(Guid recordId, Record? record, IReadOnlyList<IRecordCommand> commands, PastStates? past = null)
    {
        var context = new EditContext(recordId, past ?? PastStates.None);
        var events = new List<IRecordEvent>();
        var state = record;
        var revision = (record?.Revision ?? 0) + 1;
        foreach (var command in commands)
        {
            var decision = command switch
            {
                CreateRecord create => create.Decide(state),
                _ when state is null => Decision.Refuse(RecordErrors.NotFound(recordId)),
                _ => command.Decide(state, context),
            };
            if (decision.IsRefused) return decision;
            foreach (var @event in decision.Events)
                state = Record.Next(state, recordId, revision, @event);
            events.AddRange(decision.Events);
        }

        if (state is not null && state.StatusEntries != record?.StatusEntries && Lifecycle.Check(state.StatusEntries) is { } refusal)
            return Decision.Refuse(refusal);
        return Decision.Accept(events);
    }
}
