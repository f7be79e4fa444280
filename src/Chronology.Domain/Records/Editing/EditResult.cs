namespace Chronology.Domain.Records.Editing;

public abstract record EditResult
{
    public sealed record Accepted(Guid RecordId, int Revision, Guid? ItemId, bool Created, bool Replayed) : EditResult;

    public sealed record Refused(DomainError Error) : EditResult;

    /// <summary>The caller's expected revision was not the current one.</summary>
    public sealed record Stale(int CurrentRevision) : EditResult;

    /// <summary>The idempotency key was first used with another request.</summary>
    public sealed record KeyReused(string Key) : EditResult;

    /// <summary>Concurrent edits kept winning the race until the retries ran out.</summary>
    public sealed record Contended(int Attempts) : EditResult;
}
