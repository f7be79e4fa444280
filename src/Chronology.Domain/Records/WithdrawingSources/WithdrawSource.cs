using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.WithdrawingSources;

/// <summary>The source no longer supports the record (it was wrong, or about another meeting).</summary>
public sealed record WithdrawSource(Guid SourceId) : IRecordCommand
{
    public Decision Decide(Record record, EditContext context) =>
        record.Sources.Any(s => s.Id == SourceId)
            ? Decision.Accept(new SourceWithdrawn(SourceId))
            : Decision.Refuse(RecordErrors.ItemNotFound("source", SourceId));
}
