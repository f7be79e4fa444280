using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chronology.Domain.Log;

namespace Chronology.Domain.PersonalData;

/// <summary>
/// A value of an event that can be personal data (see <see cref="PersonalFields"/>). Stored in the event as a
/// commitment, <c>{"commitment": base64(SHA-256(salt ‖ JCS(value)))}</c>, while the value and its salt are kept in a
/// <see cref="PersonalValue"/> row of their own: deleting that row erases the value and leaves the event, and so every
/// signed log entry made of it, byte for byte as it was. Events of the first versions hold the plain value (no
/// commitment); they are read as already open and can never be erased without rewriting a signed entry.
/// A value read back from a stored event is closed until <see cref="PersonalValues.Resolve"/> has looked it up.
/// </summary>
[JsonConverter(typeof(PersonalJson))]
public sealed class Personal<T> : IPersonal where T : class
{
    private T? value;

    private Personal(T? value, string? commitment, bool open)
    {
        this.value = value;
        Commitment = commitment;
        IsOpen = open;
    }

    public static Personal<T> Of(T value) => new(value, null, open: true);

    internal static Personal<T> Committed(string commitment) => new(null, commitment, open: false);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static implicit operator Personal<T>?(T? value) => value is null ? null : Of(value);

    public string? Commitment { get; private set; }

    public bool IsOpen { get; private set; }

    public bool Erased { get; private set; }

    /// <summary>The value; <see cref="Erasure.Placeholder"/> once it was erased.</summary>
    public T Value => IsOpen
        ? value!
        : throw new InvalidOperationException(
            $"The personal value with commitment {Commitment} was read before it was looked up: call PersonalValues.Resolve on the events first.");

    public PersonalOpening Seal()
    {
        if (Commitment is not null) throw new InvalidOperationException($"The personal value with commitment {Commitment} is sealed already.");
        var canonical = CanonicalJson.Serialize(JsonSerializer.SerializeToNode(Value, ChronologyJson.Options));
        var salt = RandomNumberGenerator.GetBytes(PersonalOpening.SaltBytes);
        Commitment = PersonalOpening.CommitmentOf(salt, canonical);
        return new PersonalOpening(Commitment, Convert.ToBase64String(salt), canonical, Texts(Value));
    }

    public void Open(string? canonicalValue)
    {
        if (IsOpen) return;
        Erased = canonicalValue is null;
        value = canonicalValue is null ? Erasure.Placeholder<T>() : JsonSerializer.Deserialize<T>(canonicalValue, ChronologyJson.Options);
        IsOpen = true;
    }

    internal void Write(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        if (Commitment is null)
            throw new InvalidOperationException("A personal value must be sealed (PersonalValues.Seal) before its event is stored.");
        writer.WriteStartObject();
        writer.WriteString(PersonalJson.CommitmentMember, Commitment);
        writer.WriteEndObject();
    }

    /// <summary>The texts an erasure's subject is compared with: the text, or each language's text of a name.</summary>
    private static IReadOnlyList<string> Texts(T value) => value switch
    {
        string text => [text],
        LanguageText texts => [.. texts.Values],
        _ => throw new NotSupportedException($"Personal values of type {typeof(T).Name} are not supported."),
    };

    public override bool Equals(object? obj) => obj is Personal<T> other &&
        (IsOpen && other.IsOpen ? ChronologyJson.Same(value, other.value) : Commitment == other.Commitment);

    public override int GetHashCode() => Commitment?.GetHashCode(StringComparison.Ordinal) ?? 0;

    public override string ToString() => IsOpen ? $"{value}" : $"commitment {Commitment}";
}

/// <summary>What <see cref="PersonalValues"/> needs of a personal value, whatever its type.</summary>
public interface IPersonal
{
    string? Commitment { get; }

    bool IsOpen { get; }

    /// <summary>Draws a salt and commits to the value: the opening is what must be stored beside the event.</summary>
    PersonalOpening Seal();

    /// <summary>Gives a value read back from an event its stored value, or the placeholder when it was erased (null).</summary>
    void Open(string? canonicalValue);
}

/// <summary>The salt and value that open a commitment, as stored and as served beside the log's entries.</summary>
public sealed record PersonalOpening(string Commitment, string Salt, string CanonicalValue, IReadOnlyList<string> Texts)
{
    public const int SaltBytes = 16;

    /// <summary>base64(SHA-256(salt ‖ UTF-8 of the value's JCS text)), as docs/verification.md defines it.</summary>
    public static string CommitmentOf(byte[] salt, string canonicalValue)
    {
        var value = Encoding.UTF8.GetBytes(canonicalValue);
        var bytes = new byte[salt.Length + value.Length];
        salt.CopyTo(bytes, 0);
        value.CopyTo(bytes, salt.Length);
        return Convert.ToBase64String(SHA256.HashData(bytes));
    }
}
