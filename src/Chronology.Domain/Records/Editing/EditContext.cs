using Chronology.Domain.Records.Reverting;

namespace Chronology.Domain.Records.Editing;

/// <summary>What a decision may need besides the record's current state: its id, and earlier states a revert or an undo asked for.</summary>
public sealed record EditContext(Guid RecordId, PastStates Past);
