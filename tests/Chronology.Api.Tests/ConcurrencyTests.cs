namespace Chronology.Api.Tests;

public sealed class ConcurrencyTests(ApiFixture api) : ApiTest(api)
{
    private const int Writers = 16;

    [Fact]
    public async Task A_stale_If_Match_answers_412_with_the_current_revision_and_appends_nothing()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(2, (await Api.Post($"/records/{id}/announce", """{"on":"2018-03-08"}""")).Revision);
        var before = (await Api.Events(id)).Count;

        var stale = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"late"}}""", ApiFixture.EditorKey, ("If-Match", "\"1\""));

        Assert.Equal(412, stale.Status);
        Assert.True(stale.IsProblem);
        Assert.Equal("revision.stale", stale.Code);
        Assert.Equal("urn:chronology:problem:stale-revision", stale.Json!["type"]!.GetValue<string>());
        Assert.Equal(2, stale.Json["currentRevision"]!.GetValue<int>());
        Assert.Equal("2", stale.ETag);
        Assert.Equal(before, (await Api.Events(id)).Count);
    }

    [Fact]
    public async Task A_current_If_Match_is_accepted_and_answers_the_next_revision()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", "\"1\""));

        Assert.Equal(200, answer.Status);
        Assert.Equal(2, answer.Revision);
        Assert.Equal("2", answer.ETag);
    }

    [Fact]
    public async Task A_stale_If_Match_is_checked_before_the_domain_rules()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        Assert.Equal(200, (await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24"}""")).Status);

        // Cancelling again breaks a lifecycle rule (409) — but the precondition fails first.
        var stale = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-25"}""", ApiFixture.EditorKey, ("If-Match", "\"2\""));
        Assert.Equal(412, stale.Status);
        Assert.Equal(3, stale.Json!["currentRevision"]!.GetValue<int>());

        var current = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-25"}""", ApiFixture.EditorKey, ("If-Match", "\"3\""));
        Assert.Equal(409, current.Status);
        Assert.Equal("lifecycle.already-cancelled", current.Code);
    }

    [Fact]
    public async Task A_weak_tag_never_satisfies_If_Match_and_a_star_matches_any_revision()
    {
        var id = await Api.CreateRecord();

        var weak = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", "W/\"1\""));
        weak.AssertProblem(412, "stale-revision", "revision.stale");
        Assert.Equal(1, weak.Json!["currentRevision"]!.GetValue<int>());
        Assert.Single(await Api.Events(id));

        var any = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", "*"));
        Assert.Equal(200, any.Status);
        Assert.Equal(2, any.Revision);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"0\"")]
    [InlineData("\"-3\"")]
    [InlineData("\"1\", \"2\"")]
    public async Task A_malformed_If_Match_is_refused_with_400(string ifMatch)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("If-Match", ifMatch));

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal("request.if-match", answer.Code);
        Assert.Single(await Api.Events(id));
    }

    [Fact]
    public async Task Sixteen_writers_with_the_same_If_Match_one_wins_and_fifteen_get_412()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/announce", """{"on":"2018-03-08"}""");

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Api.Post($"/records/{id}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"}}""", ApiFixture.EditorKey, ("If-Match", "\"2\""))));

        var winner = Assert.Single(answers, answer => answer.Status == 200);
        Assert.Equal(3, winner.Revision);
        var losers = answers.Where(answer => answer.Status != 200).ToList();
        Assert.Equal(Writers - 1, losers.Count);
        Assert.All(losers, loser =>
        {
            Assert.Equal(412, loser.Status);
            Assert.True(loser.IsProblem);
            Assert.Equal(3, loser.Json!["currentRevision"]!.GetValue<int>());
        });

        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal(3, read["revision"]!.GetValue<int>());
        Assert.Single(read["outcomes"]!.AsArray());
        Assert.Equal(new[] { 1, 2, 3 }, (await Api.EventRevisions(id)).Distinct().Order().ToArray());
    }

    [Fact]
    public async Task Sixteen_writers_without_If_Match_all_succeed_and_no_edit_is_lost()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/announce", """{"on":"2018-03-08"}""");
        const int start = 2;

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Api.Send(HttpMethod.Post, $"/records/{id}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"}}""", key: i % 2 == 0 ? ApiFixture.EditorKey : ApiFixture.SecondEditorKey)));

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        Assert.Equal(Enumerable.Range(start + 1, Writers), answers.Select(answer => answer.Revision).Order());

        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal(start + Writers, read["revision"]!.GetValue<int>());
        Assert.Equal(Writers, read["outcomes"]!.AsArray().Count);
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => $"outcome {i}").Order(),
            read["outcomes"]!.AsArray().Select(outcome => outcome!["text"]!["en"]!.GetValue<string>()).Order());
        Assert.Equal(Enumerable.Range(1, start + Writers), (await Api.EventRevisions(id)).Distinct().Order());
    }
}
