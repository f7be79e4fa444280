using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.RetractingOutcomes;

/// <summary>The body of <c>retractOutcome</c>.</summary>
public sealed record RetractOutcomeBody : ItemBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) => new RetractOutcome(Item(validation));
}
