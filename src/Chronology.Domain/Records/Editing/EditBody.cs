namespace Chronology.Domain.Records.Editing;

/// <summary>What every command body may carry besides its own fields: the edit summary and whether it corrects a mistake.</summary>
public abstract record EditBody
{
    public string? Comment { get; init; }

    public bool Correction { get; init; }
}

/// <summary>A command body as it arrives over HTTP or in an import line: validated into a command.</summary>
public interface ICommandBody
{
    IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId, bool correction);
}

/// <summary>The body of a remove command inside a batch or an import line.</summary>
public sealed record ItemBody : EditBody
{
    public Guid? ItemId { get; init; }
}
