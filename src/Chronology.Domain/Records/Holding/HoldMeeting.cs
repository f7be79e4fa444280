using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Holding;

/// <summary>The meeting was held on <c>Facts.On</c> (optionally from <c>Facts.Start</c> to <c>Facts.End</c>).</summary>
public sealed record HoldMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingHeld(Facts));
}
