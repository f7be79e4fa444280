namespace Chronology.Domain.PersonalData;

/// <summary>
/// The opening of one commitment: its salt (base64) and the value's JCS text, with the record, item and field it
/// belongs to and the value's plain texts (what an erasure's subject is compared with). Written in the same transaction
/// as the event holding the commitment; an erasure deletes it. Its id is the commitment.
/// </summary>
public sealed record PersonalValue(string Id, string Salt, string Value, string Field, Guid RecordId, Guid ItemId, IReadOnlyList<string> Texts);
