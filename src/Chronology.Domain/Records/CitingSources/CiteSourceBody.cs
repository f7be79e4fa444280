using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.CitingSources;

/// <summary>The body of <c>citeSource</c>.</summary>
public sealed record CiteSourceBody : EditBody
{
    [Description("An absolute http(s) URL, e.g. \"https://www.whitehouse.gov/briefings-statements/joint-statement-president-donald-j-trump-united-states-america-chairman-kim-jong-un-democratic-peoples-republic-korea-singapore-summit/\".")]
    [Required]
    public string? Url { get; init; }

    public string? Title { get; init; }

    public string? Publisher { get; init; }

    [Description("When the source was published (EDTF), e.g. \"2018-06-12\".")]
    public string? PublishedOn { get; init; }

    [Description("The passage that supports the record.")]
    public string? Quote { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        var url = validation.Url("url", Url);
        var title = validation.Text("title", Title, Validation.TitleLimit);
        var publisher = validation.Text("publisher", Publisher, Validation.ShortTextLimit);
        var publishedOn = validation.Date("publishedOn", PublishedOn);
        var quote = validation.Text("quote", Quote, Validation.TextLimit);
        return validation.IsValid ? new CiteSource(newItemId(), url!, title, publisher, publishedOn, quote) : null;
    }
}
