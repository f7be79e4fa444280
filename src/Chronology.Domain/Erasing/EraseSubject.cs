using Chronology.Domain.PersonalData;
using Chronology.Domain.Records;

namespace Chronology.Domain.Erasing;

/// <summary>
/// An admin's request to erase a person: <see cref="Subject"/> is the value to erase (a participant's name, in any of its
/// languages, ignoring case and surrounding spaces), <see cref="Fields"/> which of <see cref="PersonalFields.All"/> to
/// erase — the matching participants' names and roles, and the source quotes that contain the subject — and why.
/// </summary>
public sealed record EraseSubject(string? Subject, IReadOnlyList<string>? Fields, string? Reason)
{
    public const int SubjectLimit = 500;
    public const int ReasonLimit = 500;

    public DomainError? Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Length > SubjectLimit)
            errors["subject"] = [$"is required: the value to erase, e.g. a participant's name (at most {SubjectLimit} characters)."];
        if (Fields is not { Count: > 0 } || Fields.Any(field => !PersonalFields.All.Contains(field)))
            errors["fields"] = [$"is required: one or more of {string.Join(", ", PersonalFields.All)}."];
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > ReasonLimit)
            errors["reason"] = [$"is required: why the values are erased (at most {ReasonLimit} characters)."];
        return errors.Count == 0 ? null : new DomainError(
            "input.invalid", string.Join(" ", errors.Select(error => $"{error.Key} {error.Value[0]}")), RefusalKind.InvalidInput, errors);
    }
}
