using Chronology.Domain.PersonalData;
using System.ComponentModel;
using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Domain.Log;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Log;

[Description("One entry of the log: one revision of one record.")]
public sealed record LogEntryItem(
    [property: Description("The entry's position in the log, from 0.")] long Index,
    [property: Description("The entry exactly as hashed: its RFC 8785 (JCS) text. The leaf is its UTF-8 bytes.")] string Leaf,
    [property: Description("Base64 of SHA-256(0x00 ‖ leaf).")] string LeafHash,
    [property: Description("The same entry as a JSON object: index, recordId, revision, recordedAt, editor, comment, correction, importedBy, events [{type, data}].")] JsonObject Entry,
    [property: Description("Beside the entry, not part of the leaf: for each {\"commitment\"} in the entry's events, the salt (base64) and value that open it (commitment = base64(SHA-256(salt ‖ JCS(value)))), or null once the value was erased.")]
    IReadOnlyDictionary<string, PersonalValueOpening?> Values);

[Description("The salt and value that open a commitment.")]
public sealed record PersonalValueOpening(string Salt, JsonNode? Value);

public sealed record LogEntries(IReadOnlyList<LogEntryItem> Entries);

[Tags("Log")]
[Authorize(Policy = Policies.Read)]
public static class EntriesEndpoint
{
    public const int MaxEntries = 1000;

    [WolverineGet("/log/entries", OperationId = "logEntries")]
    [EndpointSummary("The log's entries from start (inclusive) to end (exclusive; default start + 100, at most 1000 at a time), exactly as hashed. An end beyond the log is cut to its size.")]
    [ProducesResponseType<LogEntries>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? start, string? end, IQuerySession session, HttpContext http)
    {
        var (from, startProblem) = LogQuery.Number("start", start, null, "the index of the first entry");
        if (startProblem is not null) return startProblem;
        var (to, endProblem) = LogQuery.Number("end", end, from + 100, "the index after the last entry");
        if (endProblem is not null) return endProblem;
        if (to <= from) return LogQuery.Invalid("end", $"end ({to}) must be greater than start ({from}).");
        if (to - from > MaxEntries) return LogQuery.Invalid("end", $"At most {MaxEntries} entries at a time: end − start is {to - from}.");

        var size = await TransparencyLog.Size(session, http.RequestAborted);
        if (from >= size) return LogQuery.Beyond("start", from, size);
        var entries = await session.Query<LogEntry>().Where(entry => entry.Index >= from && entry.Index < to).OrderBy(entry => entry.Index)
            .ToListAsync(http.RequestAborted);
        var parsed = entries.Select(entry => (Entry: entry, Json: JsonNode.Parse(entry.Leaf)!.AsObject())).ToList();
        var commitments = parsed.ToDictionary(item => item.Entry.Index, item => PersonalJson.Commitments(item.Json).Distinct().ToList());
        var openings = await PersonalValues.Openings(session, commitments.Values.SelectMany(found => found), http.RequestAborted);
        return TypedResults.Ok(new LogEntries([.. parsed.Select(item => new LogEntryItem(
            item.Entry.Index, item.Entry.Leaf, Convert.ToBase64String(item.Entry.LeafHash), item.Json,
            commitments[item.Entry.Index].ToDictionary(commitment => commitment, commitment => Opening(openings.GetValueOrDefault(commitment)))))]));
    }

    private static PersonalValueOpening? Opening(PersonalValue? stored) =>
        stored is null ? null : new PersonalValueOpening(stored.Salt, JsonNode.Parse(stored.Value));
}
