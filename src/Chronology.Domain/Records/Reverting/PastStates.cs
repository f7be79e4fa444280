namespace Chronology.Domain.Records.Reverting;

/// <summary>The record's state at the earlier revisions a command asked for.</summary>
public sealed class PastStates(IReadOnlyDictionary<int, Record> states)
{
    public static readonly PastStates None = new(new Dictionary<int, Record>());

    public Record? At(int revision) => states.GetValueOrDefault(revision);
}
