using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Chronology.Api.Records.Editing;

/// <summary>One command of an <c>/edits</c> batch.</summary>
public sealed record BatchCommand(
    [property: Description("The command's name, as its route names it: announce, schedule, cancel, addParticipant, revise, … (not create).")] string? Command,
    [property: Description("The command's body, as its own route takes it.")] JsonNode? Body);
