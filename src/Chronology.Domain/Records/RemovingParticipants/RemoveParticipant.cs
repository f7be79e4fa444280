using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.RemovingParticipants;

/// <summary>The participant was not part of the meeting after all.</summary>
public sealed record RemoveParticipant(Guid ParticipantId) : IRecordCommand
{
    public Decision Decide(Record record, EditContext context) =>
        record.Participants.Any(p => p.Id == ParticipantId)
            ? Decision.Accept(new ParticipantRemoved(ParticipantId))
            : Decision.Refuse(RecordErrors.ItemNotFound("participant", ParticipantId));
}
