using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;

namespace Chronology.Api.Tests;

/// <summary>The sample chronology's stories, read back through time travel, diff, blame, revert and undo.</summary>
public sealed class HistoryTests(ApiFixture api) : ApiTest(api)
{
    private const string PeaceHouse = """{"name":{"zh-Hant":"和平之家","en":"Peace House"},"locality":"Panmunjom (south side)","country":"KR"}""";
    private const string Tongilgak = """{"name":{"zh-Hant":"統一閣","en":"Tongilgak"},"locality":"Panmunjom (north side)","country":"KP","correction":true,"comment":"the venue was 統一閣, see the article"}""";

    [Fact]
    public async Task The_US_DPRK_summit_was_cancelled_on_28_May_and_scheduled_on_5_June_as_we_now_know_it()
    {
        var id = await Api.CreateRecord();
        // Recorded out of order: the reinstatement before the cancellation it undid.
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{id}/edits", """{"commands":[{"command":"reinstate","body":{"on":"2018-06-01"}},{"command":"cancel","body":{"on":"2018-05-24","by":"Donald Trump"}}]}""");

        Assert.Equal("cancelled", Status(await Api.Get($"/records/{id}?validAt=2018-05-28")));
        Assert.Equal("scheduled", Status(await Api.Get($"/records/{id}?validAt=2018-06-05")));
        Assert.Equal("proposed", Status(await Api.Get($"/records/{id}?validAt=2018-05-01")));

        var history = (await Api.Get($"/records/{id}/status-history")).Json!["intervals"]!.AsArray();
        Assert.Equal(["scheduled", "cancelled", "scheduled"], history.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal("2018-06-01", history[1]!["to"]!.GetValue<string>());
        Assert.Null(history[2]!["to"]);
    }

    [Fact]
    public async Task The_status_over_valid_time_reads_as_a_past_revision_recorded_it()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24","by":"Donald Trump"}""");
        await Api.Post($"/records/{id}/reinstate", """{"on":"2018-06-01"}""");

        var atRevision3 = (await Api.Get($"/records/{id}/status-history?revision=3")).Json!["intervals"]!.AsArray();
        Assert.Equal(["scheduled", "cancelled"], atRevision3.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Null(atRevision3[1]!["to"]);
        var now = (await Api.Get($"/records/{id}/status-history")).Json!["intervals"]!.AsArray();
        Assert.Equal(["scheduled", "cancelled", "scheduled"], now.Select(i => i!["status"]!.GetValue<string>()));

        (await Api.Get($"/records/{id}/status-history?revision=9")).AssertProblem(404, "not-found", "record.not-found");
        (await Api.Get($"/records/{id}/status-history?revision=three")).AssertProblem(400, "invalid-input", "input.invalid");
    }

    [Fact]
    public async Task A_corrected_venue_reads_Tongilgak_for_every_valid_date_while_the_old_belief_stays_visible_by_recorded_time()
    {
        var id = await Api.CreateRecord("2018年5月南北韓首腦會談", "May 2018 inter-Korean summit");
        var source = await Api.Post($"/records/{id}/sources", """{"url":"https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談","title":"2018年5月南北韓首腦會談"}""");
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", PeaceHouse, key: ApiFixture.EditorKey);
        var beforeCorrection = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var correction = await Api.Send(HttpMethod.Put, $"/records/{id}/place", Tongilgak, key: ApiFixture.SecondEditorKey);
        Assert.Equal(4, correction.Revision);

        foreach (var date in new[] { "2018-04-27", "2018-05-26", "2019" })
            Assert.Equal("統一閣", Place(await Api.Get($"/records/{id}?validAt={date}")));
        Assert.Equal("和平之家", Place(await Api.Get($"/records/{id}?knownAt={beforeCorrection.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}")));
        Assert.Equal("和平之家", Place(await Api.Get($"/records/{id}?revision=3")));
        Assert.Equal("和平之家", Place(await Api.Get($"/records/{id}?revision=3&validAt=2018-05-26")));

        var blame = (await Api.Get($"/records/{id}/blame")).Json!["fields"]!["/place"]!;
        Assert.Equal(4, blame["revision"]!.GetValue<int>());
        Assert.Equal("bob", blame["editor"]!.GetValue<string>());
        Assert.True(blame["correction"]!.GetValue<bool>());
        Assert.Equal(source.Json!["itemId"]!.GetValue<string>(), blame["sources"]![0]!["id"]!.GetValue<string>());

        var history = (await Api.Get($"/records/{id}/history")).Json!["items"]!.AsArray();
        Assert.True(history[0]!["correction"]!.GetValue<bool>());
        Assert.Contains("/place/name/zh-Hant", history[0]!["changedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Reading_before_the_record_existed_or_past_its_last_revision_is_404()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var id = await Api.CreateRecord();

        Assert.Equal(404, (await Api.Get($"/records/{id}?revision=2")).Status);
        var early = await Api.Get($"/records/{id}?knownAt={before:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        Assert.Equal(404, early.Status);
        Assert.Contains("did not exist yet", early.Json!["detail"]!.GetValue<string>());
        Assert.Equal(400, (await Api.Get($"/records/{id}?revision=first")).Status);
        Assert.Equal(400, (await Api.Get($"/records/{id}?validAt=2018-02-30")).Status);
    }

    [Fact]
    public async Task The_diff_of_any_two_revisions_applied_to_the_first_gives_the_second()
    {
        var id = await Api.CreateRecord("2018年5月南北韓首腦會談", "May 2018 inter-Korean summit");
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", PeaceHouse);
        var moon = await Api.Post($"/records/{id}/participants", """{"name":{"en":"Moon Jae-in"},"role":"President","side":"KR"}""");
        await Api.Post($"/records/{id}/participants", """{"name":{"en":"Kim Jong-un"},"role":"Chairman","side":"KP"}""");
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", Tongilgak);
        await Api.Send(HttpMethod.Delete, $"/records/{id}/participants/{moon.Json!["itemId"]}");
        await Api.Post($"/records/{id}/hold", """{"on":"2018-05-26","start":"2018-05-26T15:00:00+09:00","end":"2018-05-26T17:00:00+09:00"}""");

        var revisions = Enumerable.Range(1, 7).ToDictionary(r => r, r => Api.Get($"/records/{id}?revision={r}").Result.Json);
        foreach (var (from, to) in new[] { (1, 7), (7, 1), (3, 5), (2, 6), (6, 2), (4, 4) })
        {
            var diff = (await Api.Get($"/records/{id}/diff?from={from}&to={to}")).Json!;
            var patched = JsonPatch.Parse(diff["patch"]).Apply(revisions[from]);
            Assert.True(JsonNode.DeepEquals(revisions[to], patched), $"diff {from}→{to}");
        }
        var last = (await Api.Get($"/records/{id}/diff")).Json!;
        Assert.Equal(6, last["from"]!.GetValue<int>());
        Assert.Contains("/status", last["changes"]!.AsArray().Select(c => c!["path"]!.GetValue<string>()));
        Assert.Equal(404, (await Api.Get($"/records/{id}/diff?from=1&to=99")).Status);
    }

    [Fact]
    public async Task Undo_of_an_edit_overwritten_later_answers_409_with_the_path()
    {
        var id = await Api.CreateRecord();
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", PeaceHouse);
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", Tongilgak);

        var undo = await Api.Post($"/records/{id}/undo", """{"revision":2}""");
        Assert.Equal(409, undo.Status);
        Assert.Equal("undo.conflict", undo.Code);
        Assert.Equal(["/place"], undo.Json!["errors"]!["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Undo_takes_back_one_revision_and_keeps_the_later_ones_in_history()
    {
        var id = await Api.CreateRecord();
        var wrong = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"a wrong outcome"}}""");
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"High-level talks on 1 June"}}""");

        var undo = await Api.Post($"/records/{id}/undo", """{"revision":2,"comment":"that outcome never happened"}""", ApiFixture.SecondEditorKey);
        Assert.Equal(200, undo.Status);
        Assert.Equal(4, undo.Revision);

        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal(["High-level talks on 1 June"], read["outcomes"]!.AsArray().Select(o => o!["text"]!["en"]!.GetValue<string>()));
        var latest = (await Api.Get($"/records/{id}/history?limit=1")).Json!["items"]![0]!;
        Assert.Equal("bob", latest["editor"]!.GetValue<string>());
        Assert.Equal("that outcome never happened", latest["comment"]!.GetValue<string>());
        Assert.Contains("revision_undone.v1", latest["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains($"/outcomes/{wrong.Json!["itemId"]}", latest["changedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Revert_restores_an_old_revision_exactly_and_honours_If_Match_and_Idempotency_Key()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", """{"name":{"en":"Capella Hotel"},"locality":"Sentosa","country":"SG"}""");
        await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24"}""");
        await Api.Post($"/records/{id}/participants", """{"name":{"en":"Donald Trump"},"side":"US"}""");

        Assert.Equal(412, (await Api.Post($"/records/{id}/revert", """{"toRevision":2}""", ApiFixture.EditorKey, ("If-Match", "\"4\""))).Status);
        var revert = await Api.Post($"/records/{id}/revert", """{"toRevision":2}""", ApiFixture.EditorKey, ("If-Match", "\"5\""), ("Idempotency-Key", "revert-to-2"));
        var again = await Api.Post($"/records/{id}/revert", """{"toRevision":2}""", ApiFixture.EditorKey, ("If-Match", "\"5\""), ("Idempotency-Key", "revert-to-2"));
        Assert.Equal(200, revert.Status);
        Assert.Equal(6, revert.Revision);
        Assert.Equal(6, again.Revision);

        var old = Content(await Api.Get($"/records/{id}?revision=2"));
        var now = Content(await Api.Get($"/records/{id}"));
        Assert.Equal(old.ToJsonString(), now.ToJsonString());
        Assert.Equal(6, (await Api.Get($"/records/{id}")).Json!["revision"]!.GetValue<int>());
    }

    private static string Status(Response response) => response.Json!["status"]!.GetValue<string>();

    private static string Place(Response response) => response.Json!["place"]!["name"]!["zh-Hant"]!.GetValue<string>();

    private static JsonObject Content(Response response)
    {
        var view = response.Json!.AsObject();
        foreach (var metadata in new[] { "revision", "updatedAt", "lastEditor" }) view.Remove(metadata);
        return view;
    }
}
