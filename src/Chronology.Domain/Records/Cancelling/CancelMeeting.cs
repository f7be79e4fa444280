using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Cancelling;

/// <summary>The meeting was cancelled on <c>Facts.On</c>.</summary>
public sealed record CancelMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingCancelled(Facts));
}
