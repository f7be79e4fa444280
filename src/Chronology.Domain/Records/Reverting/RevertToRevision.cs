using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Reverting;

/// <summary>Put the record's content back to what it was at revision <see cref="ToRevision"/>, as a new revision.</summary>
public sealed record RevertToRevision(int ToRevision) : IRecordCommand, INeedsHistory
{
    public IEnumerable<int> Revisions => [ToRevision];

    public Decision Decide(Record record, EditContext context)
    {
        if (ToRevision < 1 || ToRevision > record.Revision || context.Past.At(ToRevision) is not { } target)
            return Decision.Refuse(RecordErrors.NoRevision(ToRevision, record.Revision));
        var events = Reconcile.Events(record, target);
        return events.Count == 0 ? Decision.NothingChanged : Decision.Accept([new RevisionReverted(ToRevision), .. events]);
    }
}
