using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Reinstating;

/// <summary>The body of <c>reinstate</c>.</summary>
public sealed record ReinstateBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Reinstated) is { } facts ? new ReinstateMeeting(facts, Correction) : null;
}
