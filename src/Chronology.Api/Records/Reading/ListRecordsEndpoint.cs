using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Microsoft.AspNetCore.Mvc;
using Chronology.Domain.Views;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;

namespace Chronology.Api.Records.Reading;

public static class ListRecordsEndpoint
{
    [WolverineGet("/records", OperationId = "listRecords")]
    [Authorize(Policy = Policies.Read)]
    [Tags("Records")]
    [ProducesResponseType<Page<RecordView>>(StatusCodes.Status200OK)]
    [Cacheable]
    [EndpointSummary("Records by status, kind, tag, participant, place, valid time (from/to, EDTF) and text (q, any script), in creation order.")]
    public static async Task<IResult> Get([AsParameters] RecordQuery query, HttpContext http, ViewReader views, ConditionalReads caching)
    {
        var (filter, problem) = RecordFilter.Read(query);
        if (problem is not null) return problem;
        var (paging, pagingProblem) = Paging.Read(query.Limit, query.After);
        if (pagingProblem is not null) return pagingProblem;
        Guid? afterRecord = null;
        if (paging!.After is not null)
        {
            if (paging.Decode(1) is not [var last] || !Guid.TryParse(last, out var afterId)) return Paging.BadCursor();
            afterRecord = afterId;
        }

        if (caching.Current(http, new RepresentationTag(await views.CurrentRecordsVersion(http.RequestAborted))) is { } conditional) return conditional;

        var command = new NpgsqlCommand();
        var conditions = filter!.Conditions("d", command).ToList();
        if (afterRecord is { } cursor) conditions.Add($"d.id > {RecordFilter.Add(command, cursor.ToString())}::uuid");
        command.CommandText = $"""
            select d.data from {await views.CurrentRecords(http.RequestAborted)} d
            {(conditions.Count > 0 ? "where " + string.Join(" and ", conditions) : "")}
            order by d.id limit {paging.Limit + 1}
            """;
        var records = await views.Documents<CurrentRecord>(command, http.RequestAborted);

        var page = records.Take(paging.Limit).Select(record => record.View).ToList();
        var next = records.Count > paging.Limit ? Paging.Encode(page[^1].Id) : null;
        return TypedResults.Ok(new Page<RecordView>(page, next));
    }
}
