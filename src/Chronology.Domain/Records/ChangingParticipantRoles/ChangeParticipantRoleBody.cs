using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.ChangingParticipantRoles;

/// <summary>The body of <c>changeParticipantRole</c> (over HTTP a merge patch: <c>{"role"}</c>).</summary>
public sealed record ChangeParticipantRoleBody : ItemBody
{
    public string? Role { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        var participant = Item(validation);
        var role = validation.Text("role", Role, Validation.ShortTextLimit);
        return validation.IsValid ? new ChangeParticipantRole(participant, role) : null;
    }
}
