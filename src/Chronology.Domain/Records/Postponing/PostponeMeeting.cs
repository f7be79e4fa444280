using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Postponing;

/// <summary>The meeting was postponed on <c>Facts.On</c>, with no new date.</summary>
public sealed record PostponeMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingPostponed(Facts));
}
