namespace Chronology.Domain.Records;

/// <summary>How a refusal reads over HTTP: invalid input (400), a missing record (404), or a domain rule (409).</summary>
public enum RefusalKind { InvalidInput, NotFound, RuleViolated }
