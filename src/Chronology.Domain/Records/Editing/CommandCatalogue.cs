using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.AddingOutcomes;
using Chronology.Domain.Records.AddingParticipants;
using Chronology.Domain.Records.Announcing;
using Chronology.Domain.Records.Cancelling;
using Chronology.Domain.Records.ChangingParticipantRoles;
using Chronology.Domain.Records.CitingSources;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Holding;
using Chronology.Domain.Records.Placing;
using Chronology.Domain.Records.Postponing;
using Chronology.Domain.Records.Reinstating;
using Chronology.Domain.Records.RemovingLinks;
using Chronology.Domain.Records.RemovingParticipants;
using Chronology.Domain.Records.Rescheduling;
using Chronology.Domain.Records.RetractingOutcomes;
using Chronology.Domain.Records.Reverting;
using Chronology.Domain.Records.Revising;
using Chronology.Domain.Records.Scheduling;
using Chronology.Domain.Records.Undoing;
using Chronology.Domain.Records.WithdrawingSources;

namespace Chronology.Domain.Records.Editing;

/// <summary>
/// The one map from a command's name to the body it is read from, for <c>/edits</c> batches and import lines (HTTP routes
/// bind the same body types). Reading and validating are the same on every path.
/// </summary>
public static class CommandCatalogue
{
    public static readonly IReadOnlyDictionary<string, Type> Bodies = new Dictionary<string, Type>
    {
        ["create"] = typeof(CreateRecordBody),
        ["revise"] = typeof(ReviseBody),
        ["announce"] = typeof(AnnounceBody),
        ["schedule"] = typeof(ScheduleBody),
        ["reschedule"] = typeof(RescheduleBody),
        ["postpone"] = typeof(PostponeBody),
        ["cancel"] = typeof(CancelBody),
        ["reinstate"] = typeof(ReinstateBody),
        ["hold"] = typeof(HoldBody),
        ["place"] = typeof(PlaceBody),
        ["addParticipant"] = typeof(AddParticipantBody),
        ["changeParticipantRole"] = typeof(ChangeParticipantRoleBody),
        ["removeParticipant"] = typeof(RemoveParticipantBody),
        ["addOutcome"] = typeof(AddOutcomeBody),
        ["retractOutcome"] = typeof(RetractOutcomeBody),
        ["citeSource"] = typeof(CiteSourceBody),
        ["withdrawSource"] = typeof(WithdrawSourceBody),
        ["addLink"] = typeof(AddLinkBody),
        ["removeLink"] = typeof(RemoveLinkBody),
        ["revert"] = typeof(RevertBody),
        ["undo"] = typeof(UndoBody),
    };

    /// <summary>The name of the command read from a body of type <paramref name="bodyType"/>, or null when none is.</summary>
    public static string? NameOf(Type bodyType) => Bodies.FirstOrDefault(pair => pair.Value == bodyType).Key;

    /// <summary>Reads the command <paramref name="name"/> from its JSON body.</summary>
    public static (ReadCommand? Read, DomainError? Error) Read(string name, JsonNode? body, Func<Guid> newItemId) =>
        Read(name, body is JsonObject, type => body!.Deserialize(type, ChronologyJson.Options), newItemId);

    /// <summary>Reads the command <paramref name="name"/> from its JSON body, bound straight from the element (no tree built).</summary>
    public static (ReadCommand? Read, DomainError? Error) Read(string name, JsonElement body, Func<Guid> newItemId) =>
        Read(name, body.ValueKind == JsonValueKind.Object, type => body.Deserialize(type, ChronologyJson.Options), newItemId);

    private static (ReadCommand? Read, DomainError? Error) Read(string name, bool isObject, Func<Type, object?> bind, Func<Guid> newItemId)
    {
        if (!isObject)
            return (null, DomainError.Invalid("body", $"The body of '{name}' must be a JSON object."));
        if (!Bodies.TryGetValue(name, out var type))
            return (null, DomainError.Invalid("command", $"'{name}' is not a command. Known: {string.Join(", ", Bodies.Keys)}."));
        try
        {
            return Command((EditBody)bind(type)!, newItemId);
        }
        catch (JsonException e)
        {
            return (null, JsonError(e));
        }
    }

    /// <summary>Validates a body already bound to its type into its command.</summary>
    public static (ReadCommand? Read, DomainError? Error) Command(EditBody body, Func<Guid> newItemId)
    {
        var validation = new Validation();
        var command = body.ToCommand(validation, newItemId);
        validation.Text("comment", body.Comment, Validation.CommentLimit);
        return validation.IsValid && command is not null
            ? (new ReadCommand(command, body.Comment, body.Correction), null)
            : (null, validation.ToError());
    }

    /// <summary>A body member of the wrong type, named by its path.</summary>
    public static DomainError JsonError(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
        var reason = e.Message.Split(" Path:")[0];
        return DomainError.Invalid(field, $"{field}: {reason}");
    }
}
