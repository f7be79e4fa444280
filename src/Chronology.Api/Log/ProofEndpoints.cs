using System.ComponentModel;
using Chronology.Api.Auth;
using Chronology.Domain.Log;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Log;

[Description("An RFC 9162 §2.1.3 inclusion proof: the audit path from one leaf to the root of a tree of treeSize entries.")]
public sealed record InclusionProof(
    long Index,
    long TreeSize,
    [property: Description("Base64 of the entry's leaf hash.")] string LeafHash,
    [property: Description("Base64 hashes, from the leaf's sibling up to the root's child (RFC 9162 §2.1.3.1 PATH).")] IReadOnlyList<string> AuditPath,
    [property: Description("The root the path leads to. Trust it only where a signed tree head of this size carries it.")] string RootHash);

[Description("An RFC 9162 §2.1.4 consistency proof: that the tree of the first `first` entries is a prefix of the tree of `second`.")]
public sealed record ConsistencyProof(
    long First,
    long Second,
    [property: Description("Base64 hashes (RFC 9162 §2.1.4.1 PROOF); empty when first is 0 or equals second.")] IReadOnlyList<string> Proof);

[Tags("Log")]
[Authorize(Policy = Policies.Read)]
public static class ProofEndpoints
{
    [WolverineGet("/log/proof/inclusion", OperationId = "logInclusionProof")]
    [EndpointSummary("The audit path of entry index in the tree of the first treeSize entries (RFC 9162 §2.1.3).")]
    [ProducesResponseType<InclusionProof>(StatusCodes.Status200OK)]
    public static async Task<IResult> Inclusion(string? index, string? treeSize, IQuerySession session, HttpContext http)
    {
        var (leaf, indexProblem) = LogQuery.Number("index", index, null, "the entry's index");
        if (indexProblem is not null) return indexProblem;
        var (size, sizeProblem) = LogQuery.Number("treeSize", treeSize, null, "the size of a signed tree head");
        if (sizeProblem is not null) return sizeProblem;
        if (leaf >= size) return LogQuery.Invalid("index", $"index ({leaf}) must be less than treeSize ({size}).");
        if (await Beyond("treeSize", size, session, http) is { } beyond) return beyond;

        var path = await StoredSubtrees.InclusionProof(session, leaf, size, http.RequestAborted);
        var leafHash = (await TransparencyLog.LeafHashesAt(session, [leaf], http.RequestAborted))[leaf];
        var root = await StoredSubtrees.Root(session, size, http.RequestAborted);
        return TypedResults.Ok(new InclusionProof(
            leaf, size, Convert.ToBase64String(leafHash), [.. path.Select(Convert.ToBase64String)], Convert.ToBase64String(root)));
    }

    [WolverineGet("/log/proof/consistency", OperationId = "logConsistencyProof")]
    [EndpointSummary("The proof that the tree of the first `first` entries is a prefix of the tree of the first `second` (RFC 9162 §2.1.4).")]
    [ProducesResponseType<ConsistencyProof>(StatusCodes.Status200OK)]
    public static async Task<IResult> Consistency(string? first, string? second, IQuerySession session, HttpContext http)
    {
        var (older, firstProblem) = LogQuery.Number("first", first, null, "the size of the older tree head");
        if (firstProblem is not null) return firstProblem;
        var (newer, secondProblem) = LogQuery.Number("second", second, null, "the size of the newer tree head");
        if (secondProblem is not null) return secondProblem;
        if (older > newer) return LogQuery.Invalid("first", $"first ({older}) must not be greater than second ({newer}).");
        if (await Beyond("second", newer, session, http) is { } beyond) return beyond;

        var proof = await StoredSubtrees.ConsistencyProof(session, older, newer, http.RequestAborted);
        return TypedResults.Ok(new ConsistencyProof(older, newer, [.. proof.Select(Convert.ToBase64String)]));
    }

    private static async Task<IResult?> Beyond(string name, long size, IQuerySession session, HttpContext http)
    {
        var logSize = await TransparencyLog.Size(session, http.RequestAborted);
        return size > logSize
            ? Problems.ProblemAnswers.NotFound($"{name} {size} is beyond the log, which has {logSize} entries.", "log.beyond-end")
            : null;
    }
}
