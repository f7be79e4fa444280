using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Domain.Log;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Log;

/// <summary>
/// <c>GET /log/export</c>: the whole log as NDJSON, to verify offline with nothing of ours but the public key. Each entry
/// is one line holding exactly its leaf (RFC 8785 text has no raw line breaks), in index order; then one line
/// <c>{"treeHead": {…}}</c> per signed tree head, by size.
/// </summary>
[Tags("Log")]
[Authorize(Policy = Policies.Read)]
public static class ExportEndpoint
{
    public const string ContentType = "application/x-ndjson";
    private const int Page = 5_000;

    [WolverineGet("/log/export", OperationId = "logExport")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, ContentType)]
    [EndpointSummary("The whole log as NDJSON: one line per entry (exactly its leaf), then one {\"treeHead\": …} line per signed tree head.")]
    public static async Task Get(IQuerySession session, HttpContext http)
    {
        var cancellation = http.RequestAborted;
        var heads = await session.Query<SignedTreeHead>().OrderBy(head => head.Id).ToListAsync(cancellation);
        http.Response.ContentType = ContentType;
        for (long from = 0; ; from += Page)
        {
            var leaves = await session.QueryAsync<string>(
                $"select data ->> 'leaf' from {TransparencyLog.Table(session)} where index >= ? and index < ? order by index", cancellation, from, from + Page);
            foreach (var leaf in leaves) await http.Response.WriteAsync(leaf + "\n", Encoding.UTF8, cancellation);
            if (leaves.Count < Page) break;
        }
        foreach (var head in heads)
            await http.Response.WriteAsync(
                new JsonObject { ["treeHead"] = JsonSerializer.SerializeToNode(TreeHead.Of(head), Chronology.Domain.ChronologyJson.Options) }.ToJsonString() + "\n",
                Encoding.UTF8, cancellation);
    }
}
