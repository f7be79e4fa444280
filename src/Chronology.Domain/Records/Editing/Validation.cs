using System.Text.RegularExpressions;

namespace Chronology.Domain.Records.Editing;

/// <summary>Collects what is wrong with a command's input, field by field, in words a person understands.</summary>
public sealed partial class Validation
{
    public const int TitleLimit = 500;
    public const int TextLimit = 10_000;
    public const int ShortTextLimit = 500;
    public const int CommentLimit = 1_000;

    private readonly Dictionary<string, List<string>> errors = [];

    public bool IsValid => errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
    }

    public DomainError ToError() => new(
        "input.invalid",
        string.Join(" ", errors.SelectMany(pair => pair.Value.Select(message => $"{pair.Key}: {message}"))),
        RefusalKind.InvalidInput,
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()));

    public EdtfDate? Date(string field, string? text, bool required = false)
    {
        if (text is null)
        {
            if (required) Add(field, "is required (an EDTF date such as 2018-05-24).");
            return null;
        }
        if (EdtfDate.TryParse(text, out var date, out var error)) return date;
        Add(field, $"'{text}' is not a valid EDTF date: {error}");
        return null;
    }

    public string? Text(string field, string? text, int limit, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) Add(field, "is required.");
            return null;
        }
        if (text.Length > limit) Add(field, $"is {text.Length} characters long; at most {limit} are allowed.");
        return text;
    }

    public LanguageText LanguageText(string field, IReadOnlyDictionary<string, string?>? texts, int limit, bool required = false)
    {
        if (texts is null || texts.Count == 0)
        {
            if (required) Add(field, "needs at least one language, e.g. {\"en\": \"…\"}.");
            return Records.LanguageTextOf.Empty;
        }
        foreach (var (tag, text) in texts)
        {
            LanguageTag($"{field}.{tag}", tag);
            Text($"{field}.{tag}", text, limit, required: true);
        }
        return texts.Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .ToImmutableSortedDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal);
    }

    public LanguageNames LanguageNames(string field, IReadOnlyDictionary<string, IReadOnlyList<string?>?>? names)
    {
        if (names is null) return Records.LanguageTextOf.NoNames;
        foreach (var (tag, list) in names)
        {
            LanguageTag($"{field}.{tag}", tag);
            foreach (var name in list ?? []) Text($"{field}.{tag}", name, TitleLimit, required: true);
        }
        return names.ToImmutableSortedDictionary(
            pair => pair.Key,
            pair => (pair.Value ?? []).Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name!).ToImmutableList(),
            StringComparer.Ordinal);
    }

    public void LanguageTag(string field, string tag)
    {
        if (!LanguageTagPattern().IsMatch(tag)) Add(field, $"'{tag}' is not a BCP 47 language tag (e.g. en, zh-Hant, ko).");
    }

    public ImmutableList<string> Tags(string field, IReadOnlyList<string?>? tags)
    {
        foreach (var tag in tags ?? []) Text(field, tag, ShortTextLimit, required: true);
        return (tags ?? []).Where(tag => !string.IsNullOrWhiteSpace(tag)).Select(tag => tag!.Trim()).Distinct().ToImmutableList();
    }

    public string? TimeZone(string field, string? zone)
    {
        if (zone is null) return null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) || !found.HasIanaId)
            Add(field, $"'{zone}' is not an IANA time zone (e.g. Asia/Seoul).");
        return zone;
    }

    public string? Url(string field, string? url)
    {
        if (url is null)
        {
            Add(field, "is required.");
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Add(field, $"'{url}' is not an absolute http(s) URL.");
        else if (url.Length > 2_000)
            Add(field, "is longer than 2,000 characters.");
        return url;
    }

    public string? Country(string field, string? country)
    {
        if (country is not null && !CountryPattern().IsMatch(country))
            Add(field, $"'{country}' is not an ISO 3166-1 alpha-2 country code (e.g. KP, KR, SG).");
        return country;
    }

    public Coordinates? Coordinates(string field, double? lat, double? lon)
    {
        if (lat is null && lon is null) return null;
        if (lat is not (>= -90 and <= 90)) Add($"{field}.lat", "must be a latitude between -90 and 90.");
        if (lon is not (>= -180 and <= 180)) Add($"{field}.lon", "must be a longitude between -180 and 180.");
        return new Coordinates(lat ?? 0, lon ?? 0);
    }

    public T Enum<T>(string field, string? value, bool required = true) where T : struct, System.Enum
    {
        if (value is null)
        {
            if (required) Add(field, $"is required: one of {Names<T>()}.");
            return default;
        }
        if (System.Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Names<T>().Contains(value))
            return parsed;
        if (System.Enum.GetNames<T>().FirstOrDefault(name => Camel(name) == value) is { } name)
            return System.Enum.Parse<T>(name);
        Add(field, $"'{value}' is not one of {Names<T>()}.");
        return default;
    }

    private static string Names<T>() where T : struct, System.Enum =>
        string.Join(", ", System.Enum.GetNames<T>().Select(Camel));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    // RFC 5646 well-formedness: language, extlang, script, region, variants, extensions, private use.
    [GeneratedRegex(@"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?|[xX](?:-[A-Za-z0-9]{1,8})+)$")]
    private static partial Regex LanguageTagPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();
}
