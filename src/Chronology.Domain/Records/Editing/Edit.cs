using Chronology.Domain.Records.Citing;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Linking;
using Chronology.Domain.Records.Outcomes;
using Chronology.Domain.Records.Participants;
using Chronology.Domain.Records.Placing;
using Chronology.Domain.Records.Reverting;
using Chronology.Domain.Records.Revising;
using Chronology.Domain.Records.StatusChanges;

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
        var events = new List<IRecordEvent>();
        var state = record;
        var revision = (record?.Revision ?? 0) + 1;
        foreach (var command in commands)
        {
            var decision = DecideOne(recordId, state, command, past ?? PastStates.None);
            if (decision.IsRefused) return decision;
            foreach (var @event in decision.Events)
                state = Record.Next(state, recordId, revision, @event);
            events.AddRange(decision.Events);
        }

        if (state is not null && state.StatusEntries != record?.StatusEntries && Lifecycle.Check(state.StatusEntries) is { } refusal)
            return Decision.Refuse(refusal);
        return Decision.Accept(events);
    }

    public static Decision Decide(Guid recordId, Record? record, IRecordCommand command) => Decide(recordId, record, [command]);

    private static Decision DecideOne(Guid recordId, Record? record, IRecordCommand command, PastStates past)
    {
        if (command is CreateRecord create) return Create.Decide(record, create);
        if (record is null) return Decision.Refuse(RecordErrors.NotFound(recordId));
        return command switch
        {
            ReviseRecord c => Revise.Decide(record, c),
            ChangeStatus c => StatusDecision.Decide(record, c),
            SetPlace c => PlaceDecision.Decide(record, c),
            AddParticipant c => ParticipantDecisions.Decide(record, c),
            RemoveParticipant c => ParticipantDecisions.Decide(record, c),
            ChangeParticipantRole c => ParticipantDecisions.Decide(record, c),
            RecordOutcome c => OutcomeDecisions.Decide(record, c),
            RetractOutcome c => OutcomeDecisions.Decide(record, c),
            CiteSource c => SourceDecisions.Decide(record, c),
            WithdrawSource c => SourceDecisions.Decide(record, c),
            AddLink c => LinkDecisions.Decide(recordId, record, c),
            RemoveLink c => LinkDecisions.Decide(record, c),
            RevertToRevision c => RevertDecisions.Decide(record, c, past),
            UndoRevision c => RevertDecisions.Decide(record, c, past),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "no decision for this command"),
        };
    }
}

public static class RecordErrors
{
    public static DomainError NotFound(Guid id) => DomainError.NotFound("record.not-found", $"There is no record {id}.");

    public static DomainError AlreadyExists(Guid id) => DomainError.Rule("record.already-exists", $"Record {id} already exists.");

    public static DomainError NoRevision(int revision, int current) =>
        DomainError.NotFound("revision.not-found", $"The record has no revision {revision}; it is at revision {current}.");

    public static DomainError ItemNotFound(string list, Guid itemId) =>
        DomainError.NotFound($"{list}.not-found", $"The record has no {list} {itemId}.");
}
