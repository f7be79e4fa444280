namespace Chronology.Domain.PersonalData;

/// <summary>
/// The fields of record events that can hold personal data, and so are stored as commitments (docs/erasure.md says why
/// these and not others). Each value is kept with the record and the item it belongs to, which is what an erasure finds.
/// </summary>
public static class PersonalFields
{
    /// <summary>A participant's name (every language): <c>participant_added.v2</c> <c>name</c>.</summary>
    public const string ParticipantName = "participant.name";

    /// <summary>A participant's role: <c>participant_added.v2</c> and <c>participant_role_changed.v2</c> <c>role</c>.</summary>
    public const string ParticipantRole = "participant.role";

    /// <summary>A quotation from a source, which may quote or name a person: <c>source_cited.v2</c> <c>quote</c>.</summary>
    public const string SourceQuote = "source.quote";

    public static readonly IReadOnlyList<string> All = [ParticipantName, ParticipantRole, SourceQuote];
}

/// <summary>One personal value of an event: which field of which item (participant, source) it is.</summary>
public sealed record PersonalField(string Field, Guid ItemId, IPersonal Value);

/// <summary>An event with personal values: it names them, so they can be sealed before storing and looked up after reading.</summary>
public interface IHoldsPersonalData
{
    IEnumerable<PersonalField> PersonalValues();
}
