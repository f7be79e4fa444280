namespace Chronology.Domain.Records;

public sealed record Link(Guid Id, LinkRelation Relation, Guid RecordId);
