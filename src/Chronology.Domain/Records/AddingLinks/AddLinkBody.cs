using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.AddingLinks;

/// <summary>The body of <c>addLink</c>.</summary>
public sealed record AddLinkBody : EditBody
{
    [Description("How this record relates to the other: followUpOf, partOf, precededBy or relatedTo.")]
    [Required]
    public string? Relation { get; init; }

    [Description("The id of the linked record.")]
    [Required]
    public Guid? RecordId { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        var relation = validation.Enum<LinkRelation>("relation", Relation);
        if (RecordId is null) validation.Add("recordId", "is required: the id of the linked record.");
        return validation.IsValid ? new AddLink(newItemId(), relation, RecordId!.Value) : null;
    }
}
