using System.ComponentModel;

namespace Chronology.Api.Records.Editing;

/// <summary>The body of <c>POST /records/{id}/edits</c>: commands decided together as one revision.</summary>
public sealed record EditBatchBody(
    [property: Description("Why the edits were made (the edit summary), at most 1,000 characters.")] string? Comment,
    [property: Description("True when the edits correct mistakes rather than record changes in the world.")] bool Correction,
    [property: Description("1 to 100 commands, each {\"command\": name, \"body\": the command's body}.")] List<BatchCommand?>? Commands);
