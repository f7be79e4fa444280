namespace Chronology.Domain.PersonalData;

/// <summary>What every view shows where an erased value was.</summary>
public static class Erasure
{
    public const string Text = "[erased]";

    /// <summary>The language tag of an erased name: BCP 47's "undetermined", since the name's languages went with it.</summary>
    public const string NameLanguage = "und";

    public static T Placeholder<T>() where T : class =>
        typeof(T) == typeof(string) ? (T)(object)Text
        : typeof(T) == typeof(LanguageText) ? (T)(object)Records.LanguageTextOf.Of((NameLanguage, Text))
        : throw new NotSupportedException($"Personal values of type {typeof(T).Name} are not supported.");
}
