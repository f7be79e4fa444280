using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.ChangingParticipantRoles;

/// <summary>A participant's role was different (or is no longer known: no role).</summary>
public sealed record ChangeParticipantRole(Guid ParticipantId, string? Role) : IRecordCommand
{
    public Decision Decide(Record record, EditContext context) =>
        record.Participants.FirstOrDefault(p => p.Id == ParticipantId) switch
        {
            null => Decision.Refuse(RecordErrors.ItemNotFound("participant", ParticipantId)),
            { } participant when participant.Role == Role => Decision.NothingChanged,
            _ => Decision.Accept(new ParticipantRoleChanged(ParticipantId, Role)),
        };
}
