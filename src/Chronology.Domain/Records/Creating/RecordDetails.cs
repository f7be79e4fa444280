using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Creating;

/// <summary>The descriptive fields of a record, validated the same way at creation and after a merge patch.</summary>
public sealed record RecordDetails(
    RecordKind Kind, LanguageText Title, LanguageNames Aliases, LanguageText Summary, ImmutableList<string> Tags, string? TimeZone)
{
    public static T? Read<T>(
        Validation validation,
        string? kind,
        IReadOnlyDictionary<string, string?>? title,
        IReadOnlyDictionary<string, IReadOnlyList<string?>?>? aliases,
        IReadOnlyDictionary<string, string?>? summary,
        IReadOnlyList<string?>? tags,
        string? timeZone,
        Func<RecordDetails, T> make) where T : class
    {
        var details = new RecordDetails(
            validation.Enum<RecordKind>("kind", kind),
            validation.LanguageText("title", title, Validation.TitleLimit, required: true),
            validation.LanguageNames("aliases", aliases),
            validation.LanguageText("summary", summary, Validation.TextLimit),
            validation.Tags("tags", tags),
            validation.TimeZone("timeZone", timeZone));
        return validation.IsValid ? make(details) : null;
    }

    public static RecordDetails Of(Record record) =>
        new(record.Kind, record.Title, record.Aliases, record.Summary, record.Tags, record.TimeZone);
}
