using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.StatusChanges;

/// <summary>
/// An editor says the world changed: on <see cref="On"/> the meeting was announced, scheduled, cancelled, ….
/// With <see cref="Correction"/> the latest entry of the same kind was wrong and is replaced for all valid time.
/// </summary>
public sealed record ChangeStatus(
    StatusChange Change,
    EdtfDate On,
    EdtfDate? Start,
    EdtfDate? End,
    string? By,
    string? Reason,
    ImmutableList<Guid> Sources,
    bool Correction) : IRecordCommand;

public sealed record StatusChangeBody : EditBody
{
    public string? On { get; init; }
    public string? By { get; init; }
    public string? Reason { get; init; }
    public List<string>? Sources { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }

    public ChangeStatus? ToCommand(StatusChange change, Validation validation)
    {
        var on = validation.Date("on", On, required: true);
        var start = validation.Date("start", Start, required: change is StatusChange.Scheduled or StatusChange.Rescheduled);
        var end = validation.Date("end", End);
        if (!StatusDecision.TakesDates(change) && (Start ?? End) is not null)
            validation.Add("start", $"a meeting that is {change.ToString().ToLowerInvariant()} takes no start or end.");
        var by = validation.Text("by", By, Validation.ShortTextLimit);
        var reason = validation.Text("reason", Reason, Validation.TextLimit);
        var sources = SourceIds(validation, Sources);
        return validation.IsValid ? new ChangeStatus(change, on!, start, end, by, reason, sources, Correction) : null;
    }

    private static ImmutableList<Guid> SourceIds(Validation validation, IEnumerable<string>? sources)
    {
        var ids = ImmutableList.CreateBuilder<Guid>();
        foreach (var source in sources ?? [])
        {
            if (Guid.TryParse(source, out var id)) ids.Add(id);
            else validation.Add("sources", $"'{source}' is not the id of a source cited on this record.");
        }
        return ids.ToImmutable();
    }
}

public static class StatusDecision
{
    public static bool TakesDates(StatusChange change) =>
        change is StatusChange.Scheduled or StatusChange.Rescheduled or StatusChange.Reinstated or StatusChange.Held;

    public static Decision Decide(Record record, ChangeStatus command)
    {
        if (command.Start is { } start && command.End is { } end && end.Latest < start.Earliest)
            return Decision.Refuse(StatusErrors.EndBeforeStart(start, end));
        if (command.Sources.FirstOrDefault(id => record.Sources.All(source => source.Id != id)) is var unknown && unknown != Guid.Empty)
            return Decision.Refuse(StatusErrors.SourceNotCited(unknown));

        return command.Correction
            ? Correct(record, command)
            : Decision.Accept(Recorded(command.Change, command.On, command.Start, command.End, command.By, command.Reason, command.Sources));
    }

    private static Decision Correct(Record record, ChangeStatus command)
    {
        var wrong = record.StatusEntries.LastOrDefault(entry => entry.Change == command.Change);
        if (wrong is null) return Decision.Refuse(StatusErrors.NothingToCorrect(command.Change));

        var corrected = new StatusEntryCorrected(
            wrong.Number, command.On, command.Start, command.End, command.By, command.Reason, command.Sources);
        var unchanged = ChronologyJson.Same(
            wrong,
            wrong with
            {
                On = corrected.On, Start = corrected.Start, End = corrected.End, By = corrected.By, Reason = corrected.Reason,
                Sources = corrected.Sources,
            });
        return unchanged ? Decision.NothingChanged : Decision.Accept(corrected);
    }

    /// <summary>The event that says a status change happened in the world.</summary>
    public static IStatusChanged Recorded(
        StatusChange change, EdtfDate on, EdtfDate? start, EdtfDate? end, string? by, string? reason, ImmutableList<Guid> sources) => change switch
    {
        StatusChange.Announced => new MeetingAnnounced(on, by, reason, sources),
        StatusChange.Scheduled => new MeetingScheduled(on, start!, end, by, reason, sources),
        StatusChange.Rescheduled => new MeetingRescheduled(on, start!, end, by, reason, sources),
        StatusChange.Postponed => new MeetingPostponed(on, by, reason, sources),
        StatusChange.Cancelled => new MeetingCancelled(on, by, reason, sources),
        StatusChange.Reinstated => new MeetingReinstated(on, start, end, by, reason, sources),
        StatusChange.Held => new MeetingHeld(on, start, end, by, reason, sources),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown status change"),
    };
}

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
