using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.StatusChanges;

/// <summary>
/// An editor says the world changed, as <see cref="Facts"/> tell. With <see cref="Correction"/> the latest entry of the same
/// kind was wrong and is replaced for all valid time. The lifecycle is checked over the whole revision (<see cref="Edit"/>).
/// </summary>
public abstract record StatusChangeCommand(StatusFacts Facts, bool Correction) : IRecordCommand
{
    public abstract Decision Decide(Record record, EditContext context);

    /// <summary>Records <paramref name="changed"/>, or with <see cref="Correction"/> corrects the latest entry of its kind.</summary>
    protected Decision Decide(Record record, StatusChanged changed)
    {
        if (Facts.Start is { } start && Facts.End is { } end && end.Latest < start.Earliest)
            return Decision.Refuse(StatusErrors.EndBeforeStart(start, end));
        if (Facts.Sources.FirstOrDefault(id => record.Sources.All(source => source.Id != id)) is var unknown && unknown != Guid.Empty)
            return Decision.Refuse(StatusErrors.SourceNotCited(unknown));
        if (!Correction) return Decision.Accept(changed);

        var wrong = record.StatusEntries.LastOrDefault(entry => entry.Change == changed.Change);
        if (wrong is null) return Decision.Refuse(StatusErrors.NothingToCorrect(changed.Change));
        return ChronologyJson.Same(wrong.Facts, Facts) ? Decision.NothingChanged : Decision.Accept(new StatusEntryCorrected(wrong.Number, Facts));
    }
}
