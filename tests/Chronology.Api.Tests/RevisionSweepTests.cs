using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests;

/// <summary>
/// A rebuild of the revisions view leaves the revisions it derives exactly as stored untouched: the sweep after it removes
/// a revision whose events were all skipped since, and keeps the untouched ones.
/// </summary>
[Collection(RebuildCollection.Name)]
public sealed class RevisionSweepTests(RebuildFixture api) : FixtureTest<RebuildFixture>(api)
{
    [Fact]
    public async Task A_rebuild_keeps_the_revisions_it_derives_unchanged_and_sweeps_one_whose_events_were_skipped()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Joint statement"}}""")).Status);
        foreach (var summary in new[] { "Talks held", "Talks held in Singapore" })
            Assert.Equal(200, (await Api.Send(HttpMethod.Patch, $"/records/{id}", $$$"""{"summary":{"en":"{{{summary}}}"}}""", contentType: "application/merge-patch+json")).Status);
        await Api.Get($"/records/{id}"); // waits until the live projections have caught up
        var store = Api.Host.Services.GetRequiredService<IDocumentStore>();
        var before = await Revisions(store, id);
        Assert.Equal([1, 2, 3, 4], before.Keys);

        // Revision 3's only event (the first summary) is skipped (what an admin's skip of an event a projection cannot fold does).
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand($"update {store.Options.Events.DatabaseSchemaName}.mt_events set is_skipped = true where stream_id = ? and version = 3", id);
            await session.SaveChangesAsync();
        }
        await Rebuild(store);

        var after = await Revisions(store, id);
        Assert.Equal([1, 2, 4], after.Keys);
        // Revisions 1 and 2 are derived exactly as before; revision 4's summary now changes from none, not from revision 3's.
        Assert.Equal(before[1], after[1]);
        Assert.Equal(before[2], after[2]);
        Assert.NotEqual(before[4], after[4]);
        var history = await Api.Get($"/records/{id}/history");
        Assert.Equal([4, 2, 1], history.Json!["items"]!.AsArray().Select(item => item!["revision"]!.GetValue<int>()));
    }

    /// <summary>What the worker's rebuild handler does: the rebuild in place, the sweep, the live agent started again.</summary>
    private async Task Rebuild(IDocumentStore store)
    {
        DateTimeOffset started;
        await using (var query = store.QuerySession())
            started = (await query.QueryAsync<DateTimeOffset>("select now()")).Single();
        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(RevisionsProjection.ProjectionName, TimeSpan.FromMinutes(1), CancellationToken.None);
        await using (var sweep = store.LightweightSession())
        {
            RebuildSweep.QueueFor(sweep, RevisionsProjection.ProjectionName, started);
            await sweep.SaveChangesAsync();
        }
        await daemon.StartAgentAsync(new ShardName(RevisionsProjection.ProjectionName).Identity, CancellationToken.None);
    }

    private static async Task<SortedDictionary<int, string>> Revisions(IDocumentStore store, Guid id)
    {
        await using var session = store.QuerySession();
        var revisions = await session.Query<RevisionView>().Where(revision => revision.RecordId == id).ToListAsync();
        return new(revisions.ToDictionary(revision => revision.Revision, revision => store.Options.Serializer().ToJson(revision)));
    }
}
