namespace Chronology.Domain.Records.Editing;

/// <summary>An idempotency key, scoped (per principal, or to imports), with a hash of the request it first came with.</summary>
public sealed record IdempotencyClaim(string Scope, string Key, string RequestHash, TimeSpan? Lifetime);
