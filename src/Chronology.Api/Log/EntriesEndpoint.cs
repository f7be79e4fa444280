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
    [property: Description("The same entry as a JSON object: index, recordId, revision, recordedAt, editor, comment, correction, importedBy, events [{type, data}].")] JsonObject Entry);

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
        return TypedResults.Ok(new LogEntries([.. entries.Select(Item)]));
    }

    public static LogEntryItem Item(LogEntry entry) =>
        new(entry.Index, entry.Leaf, Convert.ToBase64String(entry.LeafHash), JsonNode.Parse(entry.Leaf)!.AsObject());
}
