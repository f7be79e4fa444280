using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Rescheduling;

/// <summary>The meeting was moved on <c>Facts.On</c> to a new start; earlier starts are kept.</summary>
public sealed record RescheduleMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingRescheduled(Facts));
}
