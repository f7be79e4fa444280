using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.AddingOutcomes;

/// <summary>The body of <c>addOutcome</c>.</summary>
public sealed record AddOutcomeBody : EditBody
{
    [Description("The outcome per BCP 47 language tag, e.g. {\"en\": \"Joint statement on complete denuclearization\"}.")]
    [Required]
    public Dictionary<string, string?>? Text { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        var text = validation.LanguageText("text", Text, Validation.TextLimit, required: true);
        return validation.IsValid ? new AddOutcome(newItemId(), text) : null;
    }
}
