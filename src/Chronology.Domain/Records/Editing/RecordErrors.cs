namespace Chronology.Domain.Records.Editing;

public static class RecordErrors
{
    public static DomainError NotFound(Guid id) => DomainError.NotFound("record.not-found", $"There is no record {id}.");

    public static DomainError AlreadyExists(Guid id) => DomainError.Rule("record.already-exists", $"Record {id} already exists.");

    public static DomainError NoRevision(int revision, int current) =>
        DomainError.NotFound("revision.not-found", $"The record has no revision {revision}; it is at revision {current}.");

    public static DomainError ItemNotFound(string list, Guid itemId) =>
        DomainError.NotFound($"{list}.not-found", $"The record has no {list} {itemId}.");
}
