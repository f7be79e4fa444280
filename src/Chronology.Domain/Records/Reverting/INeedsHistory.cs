namespace Chronology.Domain.Records.Reverting;

/// <summary>A command that needs the record's state at earlier revisions, which the write path loads for it.</summary>
public interface INeedsHistory
{
    IEnumerable<int> Revisions { get; }
}
