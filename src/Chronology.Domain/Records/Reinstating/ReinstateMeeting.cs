using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Reinstating;

/// <summary>A cancelled or postponed meeting was back on from <c>Facts.On</c>: it is scheduled again.</summary>
public sealed record ReinstateMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingReinstated(Facts));
}
