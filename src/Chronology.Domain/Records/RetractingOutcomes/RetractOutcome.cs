using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.RetractingOutcomes;

/// <summary>The outcome was not an outcome of this meeting after all.</summary>
public sealed record RetractOutcome(Guid OutcomeId) : IRecordCommand
{
    public Decision Decide(Record record, EditContext context) =>
        record.Outcomes.Any(o => o.Id == OutcomeId)
            ? Decision.Accept(new OutcomeRetracted(OutcomeId))
            : Decision.Refuse(RecordErrors.ItemNotFound("outcome", OutcomeId));
}
