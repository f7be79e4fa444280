using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records.Citing;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Linking;
using Chronology.Domain.Records.Outcomes;
using Chronology.Domain.Records.Participants;
using Chronology.Domain.Records.Placing;
using Chronology.Domain.Records.Reverting;
using Chronology.Domain.Records.Revising;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Editing;

/// <summary>A command read from its JSON body, with the edit summary and correction flag the body carried.</summary>
public sealed record ReadCommand(IRecordCommand Command, string? Comment, bool Correction);

/// <summary>
/// Reads a command from its name and JSON body — the same for HTTP routes, <c>/edits</c> batches and
/// import lines — so every path validates input alike. Item ids are minted here, outside the decisions.
/// </summary>
public static class CommandReader
{
    private static readonly IReadOnlyDictionary<string, StatusChange> StatusCommands = new Dictionary<string, StatusChange>
    {
        ["announce"] = StatusChange.Announced,
        ["schedule"] = StatusChange.Scheduled,
        ["reschedule"] = StatusChange.Rescheduled,
        ["postpone"] = StatusChange.Postponed,
        ["cancel"] = StatusChange.Cancelled,
        ["reinstate"] = StatusChange.Reinstated,
        ["hold"] = StatusChange.Held,
    };

    public static (ReadCommand? Read, DomainError? Error) Read(string name, JsonNode? body, Func<Guid> newItemId)
    {
        if (body is not JsonObject)
            return (null, DomainError.Invalid("body", $"The body of '{name}' must be a JSON object."));
        var validation = new Validation();
        try
        {
            var (command, edit) = name switch
            {
                "create" => Body<CreateRecordBody>(body, b => b.ToCommand(validation, newItemId, b.Correction)),
                "revise" => Revision((JsonObject)body, validation),
                "place" => Body<PlaceBody>(body, b => b.ToCommand(validation, newItemId, b.Correction)),
                "addParticipant" => Body<ParticipantBody>(body, b => b.ToCommand(validation, newItemId, b.Correction)),
                "changeParticipantRole" => Body<ParticipantRoleBody>(body, b => b.ToCommand(Item(validation, b.ItemId), validation)),
                "removeParticipant" => Body<ItemBody>(body, b => new RemoveParticipant(Item(validation, b.ItemId))),
                "addOutcome" => Body<OutcomeBody>(body, b => b.ToCommand(validation, newItemId, b.Correction)),
                "retractOutcome" => Body<ItemBody>(body, b => new RetractOutcome(Item(validation, b.ItemId))),
                "citeSource" => Body<SourceBody>(body, b => b.ToCommand(validation, newItemId, b.Correction)),
                "withdrawSource" => Body<ItemBody>(body, b => new WithdrawSource(Item(validation, b.ItemId))),
                "addLink" => Body<LinkBody>(body, b => b.ToCommand(validation, newItemId, b.Correction)),
                "removeLink" => Body<ItemBody>(body, b => new RemoveLink(Item(validation, b.ItemId))),
                "revert" => Body<RevertBody>(body, b => new RevertToRevision(Required(validation, "toRevision", b.ToRevision))),
                "undo" => Body<UndoBody>(body, b => new UndoRevision(Required(validation, "revision", b.Revision))),
                _ when StatusCommands.TryGetValue(name, out var change) =>
                    Body<StatusChangeBody>(body, b => b.ToCommand(change, validation)),
                _ => throw new UnknownCommandException(name),
            };
            CheckComment(validation, edit.Comment);
            return validation.IsValid && command is not null
                ? (new ReadCommand(command, edit.Comment, edit.Correction), null)
                : (null, validation.ToError());
        }
        catch (JsonException e)
        {
            return (null, JsonError(e));
        }
        catch (UnknownCommandException)
        {
            return (null, DomainError.Invalid("command", $"'{name}' is not a command. Known: {string.Join(", ", KnownNames)}."));
        }
    }

    public static IEnumerable<string> KnownNames =>
    [
        "create", "revise", .. StatusCommands.Keys, "place", "addParticipant", "changeParticipantRole", "removeParticipant",
        "addOutcome", "retractOutcome", "citeSource", "withdrawSource", "addLink", "removeLink", "revert", "undo",
    ];

    /// <summary>Reads a body that is not JSON text yet (an HTTP request), refusing malformed JSON with a clear error.</summary>
    public static (JsonNode? Body, DomainError? Error) Parse(string text)
    {
        try
        {
            return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }), null);
        }
        catch (JsonException e)
        {
            return (null, DomainError.Invalid("body", $"The body is not valid JSON: {e.Message}"));
        }
    }

    public static DomainError JsonError(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
        var reason = e.Message.Split(" Path:")[0];
        return DomainError.Invalid(field, $"{field}: {reason}");
    }

    private static (IRecordCommand? Command, EditBody Edit) Body<T>(JsonNode body, Func<T, IRecordCommand?> toCommand) where T : EditBody
    {
        var parsed = body.Deserialize<T>(ChronologyJson.Options) ?? throw new JsonException("The body is empty.");
        return (toCommand(parsed), parsed);
    }

    private static (IRecordCommand? Command, EditBody Edit) Revision(JsonObject body, Validation validation)
    {
        var patch = (JsonObject)body.DeepClone();
        var edit = new RevisionNote
        {
            Comment = Take<string>(patch, "comment"),
            Correction = Take<bool?>(patch, "correction") ?? false,
        };
        foreach (var field in patch.Select(member => member.Key).Where(field => !ReviseRecord.Fields.Contains(field)))
            validation.Add(field, $"cannot be revised with a merge patch; revisable fields: {string.Join(", ", ReviseRecord.Fields)}.");
        if (patch.Count == 0) validation.Add("body", "The merge patch changes no field.");
        return (new ReviseRecord(patch), edit);
    }

    private static T? Take<T>(JsonObject patch, string name)
    {
        if (!patch.Remove(name, out var value)) return default;
        return value.Deserialize<T>(ChronologyJson.Options);
    }

    private static Guid Item(Validation validation, Guid? itemId)
    {
        if (itemId is null) validation.Add("itemId", "is required.");
        return itemId ?? Guid.Empty;
    }

    private static int Required(Validation validation, string field, int? revision)
    {
        if (revision is not > 0) validation.Add(field, "is required: a revision number (1, 2, 3, …).");
        return revision ?? 0;
    }

    private static void CheckComment(Validation validation, string? comment) =>
        validation.Text("comment", comment, Validation.CommentLimit);

    private sealed record RevisionNote : EditBody;

    private sealed class UnknownCommandException(string name) : Exception(name);
}
