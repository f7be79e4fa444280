using System.ComponentModel;

namespace Chronology.Domain.Records.Editing;

/// <summary>
/// A command's body as it arrives over HTTP, in an <c>/edits</c> batch or an import line: its own fields, the edit summary and
/// whether it corrects a mistake. Validated into its command; item ids are minted here, outside the decisions.
/// </summary>
public abstract record EditBody
{
    [Description("Why the edit was made (the edit summary), at most 1,000 characters.")]
    public string? Comment { get; init; }

    [Description("True when the edit corrects a mistake in the record rather than recording a change in the world.")]
    public bool Correction { get; init; }

    /// <summary>The command this body asks for, or null with the reasons added to <paramref name="validation"/>.</summary>
    public abstract IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId);
}
