using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.AddingOutcomes;

/// <summary>What the meeting achieved or agreed (a declaration, a commitment …).</summary>
public sealed record AddOutcome(Guid OutcomeId, LanguageText Text) : IAddsItem
{
    public Guid ItemId => OutcomeId;

    public Decision Decide(Record record, EditContext context) =>
        record.Outcomes.Any(o => o.Id == OutcomeId)
            ? Decision.Refuse(DomainError.Rule("outcome.already-recorded", $"Outcome {OutcomeId} is already recorded."))
            : Decision.Accept(new OutcomeRecorded(OutcomeId, Text));
}
