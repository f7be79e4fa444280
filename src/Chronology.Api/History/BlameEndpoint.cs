using System.Collections.Immutable;
using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Records;
using Chronology.Domain.Views;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.History;

/// <summary>Each field present now, and each list item by id (<c>/participants/{id}</c>), with what last set it.</summary>
public sealed record BlameAnswer(IReadOnlyDictionary<string, BlameEntry> Fields);

public sealed record BlameEntry(int Revision, string Editor, DateTimeOffset RecordedAt, string? Comment, bool Correction, IReadOnlyList<Source> Sources);

public static class BlameEndpoint
{
    private static readonly HashSet<string> Lists = ["participants", "outcomes", "sources", "links"];
    private static readonly HashSet<string> StatusFields = ["status", "start", "end", "previousStarts"];

    [WolverineGet("/records/{id}/blame", OperationId = "blame")]
    [Authorize(Policy = Policies.Read)]
    [Tags("History")]
    [ProducesResponseType<BlameAnswer>(StatusCodes.Status200OK)]
    [Cacheable]
    [EndpointSummary("For each field, and each list item by id: the revision, editor, time, comment and sources in force when it was last set.")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, ViewReader views, ConditionalReads caching)
    {
        var cancellation = http.RequestAborted;
        var current = await views.Current(id, cancellation);
        if (current is null) return Problems.ProblemAnswers.NotFound($"There is no record {id}.");

        var changes = await session.Query<RevisionView>()
            .Where(revision => revision.RecordId == id)
            .OrderBy(revision => revision.Revision)
            .Select(revision => new RevisionChanges(revision.Revision, revision.Changes))
            .ToListAsync(cancellation);
        // What blame says follows from the record now and the revisions projected so far (in order, so counting them is enough),
        // and from the erasures of quotes of the record's sources (it cites those of past revisions too; it names no participant).
        var quotesErased = await views.ErasureGeneration(id, value => value.Field == PersonalFields.SourceQuote, cancellation);
        var tag = new RepresentationTag($"{current.Revision}.{changes.Count}", ErasureGeneration: quotesErased);
        if (caching.Current(http, tag) is { } conditional) return conditional;
        var lastSet = new Dictionary<string, int>();
        foreach (var revision in changes)
            foreach (var change in revision.Changes)
                lastSet[Field(change.Path)] = revision.Revision;

        var present = Present(current.View);
        var revisions = (await session.LoadManyAsync<RevisionView>(cancellation,
                lastSet.Where(pair => present.Contains(pair.Key)).Select(pair => RevisionView.IdFor(id, pair.Value)).Distinct()))
            .ToDictionary(revision => revision.Revision);
        var states = await RevisionStates.At(session, revisions.Values, cancellation);
        var fields = lastSet
            .Where(pair => present.Contains(pair.Key) && revisions.ContainsKey(pair.Value))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => Entry(pair.Key, revisions[pair.Value], states[pair.Value]));
        return TypedResults.Ok(new BlameAnswer(fields));
    }

    private sealed record RevisionChanges(int Revision, IReadOnlyList<Chronology.Domain.Diffs.FieldChange> Changes);

    /// <summary>What a change path is blamed on: a top-level field, or one list item by its id.</summary>
    private static string Field(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && Lists.Contains(segments[0]) ? $"/{segments[0]}/{segments[1]}" : $"/{segments.FirstOrDefault()}";
    }

    private static HashSet<string> Present(RecordView view)
    {
        var present = new HashSet<string>
        {
            "/kind", "/title", "/aliases", "/summary", "/status", "/start", "/end", "/previousStarts", "/timeZone", "/place", "/tags",
        };
        present.UnionWith(view.Participants.Select(p => $"/participants/{p.Id}"));
        present.UnionWith(view.Outcomes.Select(o => $"/outcomes/{o.Id}"));
        present.UnionWith(view.Sources.Select(s => $"/sources/{s.Id}"));
        present.UnionWith(view.Links.Select(l => $"/links/{l.Id}"));
        return present;
    }

    /// <summary>A status field is backed by the sources its status change cited; any other by the record's sources then.</summary>
    private static BlameEntry Entry(string field, RevisionView revision, Record state)
    {
        var sources = state.Sources;
        if (StatusFields.Contains(field.TrimStart('/')) &&
            state.StatusEntries.Where(entry => entry.Revision == revision.Revision).SelectMany(entry => entry.Facts.Sources).ToHashSet() is { Count: > 0 } cited)
            sources = sources.Where(source => cited.Contains(source.Id)).ToImmutableList();
        return new BlameEntry(revision.Revision, revision.Editor, revision.RecordedAt, revision.Comment, revision.Correction, sources);
    }
}
