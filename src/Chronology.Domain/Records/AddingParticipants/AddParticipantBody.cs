using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.AddingParticipants;

/// <summary>The body of <c>addParticipant</c>.</summary>
public sealed record AddParticipantBody : EditBody
{
    [Description("The participant's name per BCP 47 language tag, e.g. {\"en\": \"Kim Jong-un\", \"ko\": \"김정은\"}.")]
    [Required]
    public Dictionary<string, string?>? Name { get; init; }

    [Description("The participant's role, e.g. \"Chairman of the State Affairs Commission\".")]
    public string? Role { get; init; }

    [Description("The side the participant was on, e.g. \"DPRK\".")]
    public string? Side { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        var name = validation.LanguageText("name", Name, Validation.ShortTextLimit, required: true);
        var role = validation.Text("role", Role, Validation.ShortTextLimit);
        var side = validation.Text("side", Side, Validation.ShortTextLimit);
        return validation.IsValid ? new AddParticipant(newItemId(), name, role, side) : null;
    }
}
