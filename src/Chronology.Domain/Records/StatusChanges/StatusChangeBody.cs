using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.StatusChanges;

/// <summary>The body of every status change: when it happened, who said so, why, and the sources that report it.</summary>
public abstract record StatusChangeBody : EditBody
{
    [Description("When the change happened in the world (valid time): an EDTF date, e.g. \"2018-05-24\" or \"2018-05?\".")]
    [Required]
    public string? On { get; init; }

    [Description("Who made the change in the world (e.g. \"Donald Trump\").")]
    public string? By { get; init; }

    [Description("Why, as the sources report it.")]
    public string? Reason { get; init; }

    [Description("Ids of sources already cited on the record that report the change.")]
    public List<string>? Sources { get; init; }

    [Description("When the meeting starts (EDTF, e.g. \"2018-06-12T09:00:00+08:00\"); for scheduling, rescheduling, reinstating and holding.")]
    public string? Start { get; init; }

    [Description("When the meeting ends (EDTF); for scheduling, rescheduling, reinstating and holding.")]
    public string? End { get; init; }

    /// <summary>The facts the body states about a change of kind <paramref name="change"/>, or null when they are not valid.</summary>
    protected StatusFacts? Facts(Validation validation, StatusChange change)
    {
        var on = validation.Date("on", On, required: true);
        var start = validation.Date("start", Start, required: change is StatusChange.Scheduled or StatusChange.Rescheduled);
        var end = validation.Date("end", End);
        if (!StatusChanged.Dates(change) && (Start ?? End) is not null)
            validation.Add("start", $"a meeting that is {change.ToString().ToLowerInvariant()} takes no start or end.");
        var by = validation.Text("by", By, Validation.ShortTextLimit);
        var reason = validation.Text("reason", Reason, Validation.TextLimit);
        var sources = SourceIds(validation, Sources);
        return validation.IsValid ? new StatusFacts(on!, start, end, by, reason, sources) : null;
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
