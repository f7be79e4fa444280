using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Creating;

/// <summary>The body of <c>create</c>.</summary>
public sealed record CreateRecordBody : EditBody
{
    [Description("What the record is: summit, talks, meeting, agreement, announcement or other.")]
    [Required]
    public string? Kind { get; init; }

    [Description("The title per BCP 47 language tag, e.g. {\"en\": \"2018 US–DPRK summit\", \"ko\": \"2018년 북미 정상회담\"}.")]
    [Required]
    public Dictionary<string, string?>? Title { get; init; }

    [Description("Other names per language tag, e.g. {\"en\": [\"Singapore summit\"]}.")]
    public Dictionary<string, IReadOnlyList<string?>?>? Aliases { get; init; }

    [Description("A summary per language tag.")]
    public Dictionary<string, string?>? Summary { get; init; }

    public List<string?>? Tags { get; init; }

    [Description("The IANA time zone the meeting's times are given in, e.g. \"Asia/Singapore\".")]
    public string? TimeZone { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) => RecordDetails.Read(
        validation, Kind, Title, Aliases, Summary, Tags, TimeZone,
        details => new CreateRecord(details.Kind, details.Title, details.Aliases, details.Summary, details.Tags, details.TimeZone));
}
