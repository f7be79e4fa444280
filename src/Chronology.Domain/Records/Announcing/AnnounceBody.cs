using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Announcing;

/// <summary>The body of <c>announce</c>.</summary>
public sealed record AnnounceBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Announced) is { } facts ? new AnnounceMeeting(facts, Correction) : null;
}
