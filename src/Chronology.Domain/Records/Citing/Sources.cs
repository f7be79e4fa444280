using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Citing;

public sealed record CiteSource(Guid SourceId, string Url, string? Title, string? Publisher, EdtfDate? PublishedOn, string? Quote) : IAddsItem
{
    public Guid ItemId => SourceId;
}

public sealed record WithdrawSource(Guid SourceId) : IRecordCommand;

public sealed record SourceBody : EditBody, ICommandBody
{
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Publisher { get; init; }
    public string? PublishedOn { get; init; }
    public string? Quote { get; init; }

    public IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId, bool correction)
    {
        var url = validation.Url("url", Url);
        var title = validation.Text("title", Title, Validation.TitleLimit);
        var publisher = validation.Text("publisher", Publisher, Validation.ShortTextLimit);
        var publishedOn = validation.Date("publishedOn", PublishedOn);
        var quote = validation.Text("quote", Quote, Validation.TextLimit);
        return validation.IsValid ? new CiteSource(newItemId(), url!, title, publisher, publishedOn, quote) : null;
    }
}

public static class SourceDecisions
{
    public static Decision Decide(Record record, CiteSource command) =>
        record.Sources.Any(s => s.Id == command.SourceId)
            ? Decision.Refuse(DomainError.Rule("source.already-cited", $"Source {command.SourceId} is already cited."))
            : Decision.Accept(new SourceCited(command.SourceId, command.Url, command.Title, command.Publisher, command.PublishedOn, command.Quote));

    public static Decision Decide(Record record, WithdrawSource command) =>
        record.Sources.Any(s => s.Id == command.SourceId)
            ? Decision.Accept(new SourceWithdrawn(command.SourceId))
            : Decision.Refuse(RecordErrors.ItemNotFound("source", command.SourceId));
}
