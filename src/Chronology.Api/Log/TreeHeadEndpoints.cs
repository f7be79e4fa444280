using System.ComponentModel;
using Chronology.Api.Auth;
using Chronology.Domain.Log;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Log;

[Description("A signed tree head: the Merkle root of the log's first treeSize entries, signed by the worker.")]
public sealed record TreeHead(
    [property: Description("How many entries (0 to treeSize − 1) the root covers.")] long TreeSize,
    [property: Description("Base64 of the 32-byte RFC 9162 Merkle tree hash of those entries' leaves.")] string RootHash,
    [property: Description("When it was signed: RFC 3339, UTC, milliseconds, e.g. 2026-12-04T19:51:08.123Z.")] string Timestamp,
    [property: Description("Base64 of the 64-byte Ed25519 signature over the RFC 8785 (JCS) bytes of {treeSize, rootHash, timestamp}.")] string Signature)
{
    public static TreeHead Of(SignedTreeHead head) => new(head.TreeSize, head.RootHash, head.Timestamp, head.Signature);
}

public sealed record TreeHeadHistory(
    IReadOnlyList<TreeHead> Items,
    [property: Description("Pass as since for the next page; null on the last page.")] long? NextSince);

[Tags("Log")]
[Authorize(Policy = Policies.Read)]
public static class TreeHeadEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    [WolverineGet("/log/tree-head", OperationId = "logTreeHead")]
    [EndpointSummary("The latest signed tree head.")]
    [ProducesResponseType<TreeHead>(StatusCodes.Status200OK)]
    public static async Task<IResult> Latest(IQuerySession session, HttpContext http) =>
        await session.Query<SignedTreeHead>().OrderByDescending(head => head.Id).FirstOrDefaultAsync(http.RequestAborted) is { } head
            ? TypedResults.Ok(TreeHead.Of(head))
            : Problems.ProblemAnswers.NotFound("No tree head has been signed yet: the log is empty or the worker has no signing key.", "log.no-tree-head");

    [WolverineGet("/log/tree-heads", OperationId = "logTreeHeads")]
    [EndpointSummary("Every signed tree head, oldest first: those of a size above since (default 0), limit at a time (1–1000, default 100).")]
    [ProducesResponseType<TreeHeadHistory>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(string? since, string? limit, IQuerySession session, HttpContext http)
    {
        var (after, sinceProblem) = LogQuery.Number("since", since, 0, "a tree size: heads of larger sizes are listed");
        if (sinceProblem is not null) return sinceProblem;
        var (count, limitProblem) = LogQuery.Number("limit", limit, DefaultLimit, $"how many heads, 1 to {MaxLimit}");
        if (limitProblem is not null) return limitProblem;
        if (count is < 1 or > MaxLimit) return LogQuery.Invalid("limit", $"limit must be from 1 to {MaxLimit}; got {count}.");

        var heads = await session.Query<SignedTreeHead>().Where(head => head.Id > after).OrderBy(head => head.Id)
            .Take((int)count + 1).ToListAsync(http.RequestAborted);
        var items = heads.Take((int)count).Select(TreeHead.Of).ToList();
        return TypedResults.Ok(new TreeHeadHistory(items, heads.Count > count ? items[^1].TreeSize : null));
    }
}
