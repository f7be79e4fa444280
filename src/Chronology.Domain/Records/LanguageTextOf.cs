namespace Chronology.Domain.Records;

public static class LanguageTextOf
{
    public static readonly LanguageText Empty = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public static readonly LanguageNames NoNames = ImmutableSortedDictionary.Create<string, ImmutableList<string>>(StringComparer.Ordinal);

    public static LanguageText Of(params (string Tag, string Text)[] texts) =>
        texts.ToImmutableSortedDictionary(pair => pair.Tag, pair => pair.Text, StringComparer.Ordinal);
}
