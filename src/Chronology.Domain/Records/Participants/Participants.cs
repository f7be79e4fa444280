using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Participants;

public sealed record AddParticipant(Guid ParticipantId, LanguageText Name, string? Role, string? Side) : IAddsItem
{
    public Guid ItemId => ParticipantId;
}

public sealed record RemoveParticipant(Guid ParticipantId) : IRecordCommand;

public sealed record ChangeParticipantRole(Guid ParticipantId, string? Role) : IRecordCommand;

public sealed record ParticipantBody : EditBody, ICommandBody
{
    public Dictionary<string, string?>? Name { get; init; }
    public string? Role { get; init; }
    public string? Side { get; init; }

    public IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId, bool correction)
    {
        var name = validation.LanguageText("name", Name, Validation.ShortTextLimit, required: true);
        var role = validation.Text("role", Role, Validation.ShortTextLimit);
        var side = validation.Text("side", Side, Validation.ShortTextLimit);
        return validation.IsValid ? new AddParticipant(newItemId(), name, role, side) : null;
    }
}

public sealed record ParticipantRoleBody : EditBody
{
    public Guid? ItemId { get; init; }
    public string? Role { get; init; }

    public IRecordCommand? ToCommand(Guid participantId, Validation validation)
    {
        var role = validation.Text("role", Role, Validation.ShortTextLimit);
        return validation.IsValid ? new ChangeParticipantRole(participantId, role) : null;
    }
}

public static class ParticipantDecisions
{
    public static Decision Decide(Record record, AddParticipant command) =>
        record.Participants.Any(p => p.Id == command.ParticipantId)
            ? Decision.Refuse(DomainError.Rule("participant.already-added", $"Participant {command.ParticipantId} is already on the record."))
            : Decision.Accept(new ParticipantAdded(command.ParticipantId, command.Name, command.Role, command.Side));

    public static Decision Decide(Record record, RemoveParticipant command) =>
        record.Participants.Any(p => p.Id == command.ParticipantId)
            ? Decision.Accept(new ParticipantRemoved(command.ParticipantId))
            : Decision.Refuse(RecordErrors.ItemNotFound("participant", command.ParticipantId));

    public static Decision Decide(Record record, ChangeParticipantRole command) =>
        record.Participants.FirstOrDefault(p => p.Id == command.ParticipantId) switch
        {
            null => Decision.Refuse(RecordErrors.ItemNotFound("participant", command.ParticipantId)),
            { } participant when participant.Role == command.Role => Decision.NothingChanged,
            _ => Decision.Accept(new ParticipantRoleChanged(command.ParticipantId, command.Role)),
        };
}
