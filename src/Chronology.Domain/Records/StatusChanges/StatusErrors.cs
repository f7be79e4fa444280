namespace Chronology.Domain.Records.StatusChanges;

public static class StatusErrors
{
    public static DomainError EndBeforeStart(EdtfDate start, EdtfDate end) => new(
        "schedule.end-before-start", $"The meeting cannot end ({end}) before it starts ({start}).", RefusalKind.InvalidInput,
        new Dictionary<string, string[]> { ["end"] = [$"{end} is before the start {start}."] });

    public static DomainError SourceNotCited(Guid source) =>
        DomainError.Rule("source.not-cited", $"Source {source} is not cited on this record; cite it first.");

    public static DomainError NothingToCorrect(StatusChange change) =>
        DomainError.Rule("status.nothing-to-correct", $"The record has no '{change.ToString().ToLowerInvariant()}' entry to correct.");
}
