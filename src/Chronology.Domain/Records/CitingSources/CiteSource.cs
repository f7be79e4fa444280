using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.CitingSources;

/// <summary>A source (an article, a statement, a transcript) that reports on the meeting.</summary>
public sealed record CiteSource(Guid SourceId, string Url, string? Title, string? Publisher, EdtfDate? PublishedOn, string? Quote) : IAddsItem
{
    public Guid ItemId => SourceId;

    public Decision Decide(Record record, EditContext context) =>
        record.Sources.Any(s => s.Id == SourceId)
            ? Decision.Refuse(DomainError.Rule("source.already-cited", $"Source {SourceId} is already cited."))
            : Decision.Accept(new SourceCited(SourceId, Url, Title, Publisher, PublishedOn, Quote));
}
