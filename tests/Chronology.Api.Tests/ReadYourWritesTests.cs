namespace Chronology.Api.Tests;

/// <summary>A host with no daemon at all: the views never catch up, as when the worker is down or far behind.</summary>
public sealed class NoDaemonFixture : ApiFixture
{
    public override bool RunsDaemon => false;
}

[CollectionDefinition(Name)]
public sealed class NoDaemonCollection : ICollectionFixture<NoDaemonFixture>
{
    public const string Name = "no daemon";
}

[Collection(NoDaemonCollection.Name)]
public sealed class ReadYourWritesTests(NoDaemonFixture api) : FixtureTest<NoDaemonFixture>(api)
{
    [Fact]
    public async Task MinRevision_answers_the_revision_just_written_even_when_the_view_never_catches_up()
    {
        var id = await Api.CreateRecord();
        var scheduled = await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        var cancelled = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24","by":"Donald Trump"}""", ApiFixture.SecondEditorKey);
        Assert.Equal(3, cancelled.Revision);

        // Without minRevision the read is the (empty) view: nothing projected yet.
        Assert.Equal(404, (await Api.Get($"/records/{id}")).Status);

        var fresh = await Api.Get($"/records/{id}?minRevision={cancelled.Revision}");
        Assert.Equal(200, fresh.Status);
        Assert.Equal("3", fresh.ETag);
        Assert.Equal(3, fresh.Json!["revision"]!.GetValue<int>());
        Assert.Equal("cancelled", fresh.Json["status"]!.GetValue<string>());
        Assert.Equal("2018-06-12", fresh.Json["start"]!.GetValue<string>());
        Assert.Equal("bob", fresh.Json["lastEditor"]!.GetValue<string>());
        Assert.Equal("2018年朝美首腦會談", fresh.Json["title"]!["zh-Hant"]!.GetValue<string>());

        // An older minRevision is answered at least as new, never older.
        var older = await Api.Get($"/records/{id}?minRevision={scheduled.Revision}");
        Assert.Equal(3, older.Json!["revision"]!.GetValue<int>());

        Assert.Equal(404, (await Api.Get($"/records/{Guid.CreateVersion7()}?minRevision=1")).Status);
    }

    [Fact]
    public async Task Past_revisions_and_diffs_are_answered_from_the_events_while_the_views_lag()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24"}""");

        var second = await Api.Get($"/records/{id}?revision=2");
        Assert.Equal(200, second.Status);
        Assert.Equal("scheduled", second.Json!["status"]!.GetValue<string>());

        var diff = await Api.Get($"/records/{id}/diff?from=1&to=3");
        Assert.Equal(200, diff.Status);
        Assert.Contains("/status", diff.Json!["changes"]!.AsArray().Select(c => c!["path"]!.GetValue<string>()));
        Assert.Equal(404, (await Api.Get($"/records/{id}/diff?from=1&to=4")).Status);
    }
}
