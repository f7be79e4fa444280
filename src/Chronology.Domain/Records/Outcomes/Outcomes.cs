using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Outcomes;

public sealed record RecordOutcome(Guid OutcomeId, LanguageText Text) : IAddsItem
{
    public Guid ItemId => OutcomeId;
}

public sealed record RetractOutcome(Guid OutcomeId) : IRecordCommand;

public sealed record OutcomeBody : EditBody, ICommandBody
{
    public Dictionary<string, string?>? Text { get; init; }

    public IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId, bool correction)
    {
        var text = validation.LanguageText("text", Text, Validation.TextLimit, required: true);
        return validation.IsValid ? new RecordOutcome(newItemId(), text) : null;
    }
}

public static class OutcomeDecisions
{
    public static Decision Decide(Record record, RecordOutcome command) =>
        record.Outcomes.Any(o => o.Id == command.OutcomeId)
            ? Decision.Refuse(DomainError.Rule("outcome.already-recorded", $"Outcome {command.OutcomeId} is already recorded."))
            : Decision.Accept(new OutcomeRecorded(command.OutcomeId, command.Text));

    public static Decision Decide(Record record, RetractOutcome command) =>
        record.Outcomes.Any(o => o.Id == command.OutcomeId)
            ? Decision.Accept(new OutcomeRetracted(command.OutcomeId))
            : Decision.Refuse(RecordErrors.ItemNotFound("outcome", command.OutcomeId));
}
