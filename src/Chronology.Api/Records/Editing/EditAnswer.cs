using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Chronology.Api.Records.Editing;

/// <summary>What an accepted edit answers: the record, the revision the edit made (also the ETag), and the item it added.</summary>
public sealed record EditAnswer(
    [property: Description("The record's id.")] Guid Id,
    [property: Description("The record's revision after the edit (its ETag); unchanged when the edit changed nothing.")] int Revision,
    [property: Description("The id of the item the edit added (participant, outcome, source, link); absent otherwise."),
               JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ItemId);
