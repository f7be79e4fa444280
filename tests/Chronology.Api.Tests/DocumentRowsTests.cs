using System.Collections.Immutable;
using Chronology.Domain.Diffs;
using Chronology.Domain.Views;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests;

/// <summary>
/// A batch of revisions writes the ones not stored as they are and leaves the others' rows alone; the lookup that tells
/// them apart starts with the batch's first documents and, when none of those is stored, writes the rest without asking.
/// A row's <c>xmin</c> (the transaction that wrote it) shows whether it was written again.
/// </summary>
public sealed class DocumentRowsTests(ApiFixture api) : ApiTest(api)
{
    private const int Count = DocumentRows.Sampled * 3;

    /// <summary>The revision changed in both tests: past the sampled ones.</summary>
    private const int Changed = DocumentRows.Sampled * 2;

    [Fact]
    public async Task A_batch_writes_only_what_is_not_stored_as_it_is()
    {
        var record = Guid.NewGuid();
        var revisions = Revisions(record);
        var stored = await Written(record, revisions);
        Assert.Equal(Count, stored.Count);

        await Write(revisions);
        Assert.Equal(stored, await Rows(record));

        // One revision changed past the sampled ones: the whole batch is looked up, and only that one is written.
        revisions[Changed] = revisions[Changed] with { Editor = "second" };
        await Write(revisions);
        var after = await Rows(record);
        var rewritten = after.Where(row => stored[row.Key] != row.Value).Select(row => row.Key).ToList();
        Assert.Equal([revisions[Changed].Id], rewritten);
        Assert.Equal("second", after[revisions[Changed].Id].Editor);
    }

    [Fact]
    public async Task A_batch_whose_first_documents_are_not_stored_writes_every_document()
    {
        var record = Guid.NewGuid();
        var revisions = Revisions(record);
        var stored = await Written(record, revisions);

        // The sampled rows gone (a view emptied from its start), one of the others changed: all written, none lost.
        await Execute("delete from {0} where record_id = ? and revision <= ?", record, DocumentRows.Sampled);
        revisions[Changed] = revisions[Changed] with { Editor = "second" };
        await Write(revisions);

        var after = await Rows(record);
        Assert.Equal(stored.Keys.Order(), after.Keys.Order());
        Assert.All(after, row => Assert.NotEqual(stored[row.Key].Writer, row.Value.Writer));
        Assert.Equal(revisions.Select(revision => (revision.Id, revision.Editor)).Order(), after.Select(row => (row.Key, row.Value.Editor)).Order());
    }

    private static List<RevisionView> Revisions(Guid record) =>
        Enumerable.Range(1, Count).Select(revision => Revision(record, revision)).ToList();

    private static RevisionView Revision(Guid record, int revision)
    {
        var at = new DateTimeOffset(2018, 6, 12, 1, 0, 0, TimeSpan.Zero).AddMinutes(revision);
        return new RevisionView(RevisionView.IdFor(record, revision), record, revision, at, revision, revision, revision, "first",
            Comment: null, Correction: false, ImportedBy: null, ["summary-changed"], ImmutableArray<FieldChange>.Empty, Snapshot: null, at, at);
    }

    private IDocumentStore Store => Api.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<Dictionary<string, (string Writer, string Editor)>> Written(Guid record, IReadOnlyCollection<RevisionView> revisions)
    {
        await Write(revisions);
        return await Rows(record);
    }

    private async Task Write(IReadOnlyCollection<RevisionView> revisions)
    {
        await using var session = Store.LightweightSession();
        await DocumentRows.UpsertChanged(session, revisions, revision => revision.Id, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    private async Task Execute(string sql, params object[] parameters)
    {
        await using var session = Store.LightweightSession();
        session.QueueSqlCommand(string.Format(sql, Table), parameters);
        await session.SaveChangesAsync();
    }

    private string Table => Store.Options.FindOrResolveDocumentType(typeof(RevisionView)).TableName.QualifiedName;

    private async Task<Dictionary<string, (string Writer, string Editor)>> Rows(Guid record)
    {
        await using var session = Store.QuerySession();
        var rows = await session.QueryAsync<string>(
            $"select concat_ws(' ', id, xmin, data ->> 'editor') from {Table} where record_id = ?", record);
        return rows.Select(row => row.Split(' ')).ToDictionary(row => row[0], row => (row[1], row[2]));
    }
}
