using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Undoing;

/// <summary>The body of <c>undo</c>.</summary>
public sealed record UndoBody : EditBody
{
    [Description("The revision whose changes are taken back (2, 3, …; revision 1 created the record).")]
    [Required]
    public int? Revision { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        if (Revision is not > 0) validation.Add("revision", "is required: a revision number (1, 2, 3, …).");
        return new UndoRevision(Revision ?? 0);
    }
}
