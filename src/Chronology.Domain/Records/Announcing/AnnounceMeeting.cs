using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Announcing;

/// <summary>The meeting was announced on <c>Facts.On</c>.</summary>
public sealed record AnnounceMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingAnnounced(Facts));
}
