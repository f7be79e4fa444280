using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.AddingParticipants;

/// <summary>Someone took part in the meeting (a head of state, an envoy, an interpreter …).</summary>
public sealed record AddParticipant(Guid ParticipantId, LanguageText Name, string? Role, string? Side) : IAddsItem
{
    public Guid ItemId => ParticipantId;

    public Decision Decide(Record record, EditContext context) =>
        record.Participants.Any(p => p.Id == ParticipantId)
            ? Decision.Refuse(DomainError.Rule("participant.already-added", $"Participant {ParticipantId} is already on the record."))
            : Decision.Accept(new ParticipantAdded(ParticipantId, Name, Role, Side));
}
