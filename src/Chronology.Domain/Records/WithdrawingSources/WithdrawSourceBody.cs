using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.WithdrawingSources;

/// <summary>The body of <c>withdrawSource</c>.</summary>
public sealed record WithdrawSourceBody : ItemBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) => new WithdrawSource(Item(validation));
}
