using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Reverting;

/// <summary>The body of <c>revert</c>.</summary>
public sealed record RevertBody : EditBody
{
    [Description("The revision whose content the record gets back (1, 2, 3, …).")]
    [Required]
    public int? ToRevision { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        if (ToRevision is not > 0) validation.Add("toRevision", "is required: a revision number (1, 2, 3, …).");
        return new RevertToRevision(ToRevision ?? 0);
    }
}
