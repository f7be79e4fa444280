using System.Text.Json.Nodes;
using Alba;

namespace Chronology.Api.Tests;

public sealed class CommandTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Creating_a_record_answers_201_with_id_revision_location_and_etag()
    {
        var created = await Api.Host.Scenario(x =>
        {
            x.Post.Text("""{"kind":"summit","title":{"zh-Hant":"2018年5月南北韓首腦會談","en":"May 2018 inter-Korean summit"},"aliases":{"zh-Hant":["5.26南北韓首腦會談"]},"timeZone":"Asia/Seoul","comment":"new record"}""").ToUrl("/records");
            x.WithRequestHeader("Content-Type", "application/json");
            x.WithBearerToken(ApiFixture.EditorKey);
            x.StatusCodeShouldBe(201);
            x.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var answer = created.ReadAsJson<JsonObject>()!;
        var id = Guid.Parse(answer["id"]!.GetValue<string>());
        Assert.Equal(1, answer["revision"]!.GetValue<int>());
        Assert.Equal($"/records/{id}", created.Context.Response.Headers.Location.ToString());
        Assert.Equal(7, id.Version);

        var read = await Api.Get($"/records/{id}");
        Assert.Equal("2018年5月南北韓首腦會談", read.Json!["title"]!["zh-Hant"]!.GetValue<string>());
        Assert.Equal("5.26南北韓首腦會談", read.Json["aliases"]!["zh-Hant"]![0]!.GetValue<string>());
        Assert.Equal("proposed", read.Json["status"]!.GetValue<string>());
        Assert.Equal("alice", read.Json["lastEditor"]!.GetValue<string>());
        Assert.Equal("1", read.ETag);
    }

    [Theory]
    [InlineData("announce", """{"on":"2018-03-08","by":"Donald Trump"}""", "announced")]
    [InlineData("schedule", """{"on":"2018-05-10","start":"2018-06-12","end":"2018-06-12"}""", "scheduled")]
    [InlineData("cancel", """{"on":"2018-05-24","by":"Donald Trump","reason":"letter to Kim Jong-un"}""", "cancelled")]
    [InlineData("hold", """{"on":"2018-04-27","start":"2018-04-27"}""", "held")]
    public async Task A_status_command_moves_the_record_and_adds_one_revision(string command, string body, string status)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Host.Scenario(x =>
        {
            x.Post.Text(body).ToUrl($"/records/{id}/{command}");
            x.WithRequestHeader("Content-Type", "application/json");
            x.WithBearerToken(ApiFixture.EditorKey);
            x.StatusCodeShouldBeOk();
            x.Header("ETag").SingleValueShouldEqual("\"2\"");
        });

        Assert.Equal(2, answer.ReadAsJson<JsonObject>()!["revision"]!.GetValue<int>());
        Assert.Equal(status, (await Api.Get($"/records/{id}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Postpone_reschedule_and_reinstate_keep_every_previous_start()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        Assert.Equal(200, (await Api.Post($"/records/{id}/postpone", """{"on":"2018-05-20"}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{id}/reschedule", """{"on":"2018-05-22","start":"2018-06-14"}""")).Status);

        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal("rescheduled", read["status"]!.GetValue<string>());
        Assert.Equal("2018-06-14", read["start"]!.GetValue<string>());
        Assert.Equal("2018-06-12", read["previousStarts"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_US_DPRK_summit_is_cancelled_reinstated_and_held()
    {
        var id = await Api.CreateRecord();
        Assert.Equal(200, (await Api.Post($"/records/{id}/announce", """{"on":"2018-03-08","by":"Donald Trump"}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""")).Status);
        Assert.Equal(200, (await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24","by":"Donald Trump","reason":"letter to Kim Jong-un"}""")).Status);

        var twice = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-25","reason":"again"}""");
        Assert.Equal(409, twice.Status);
        Assert.Equal("lifecycle.already-cancelled", twice.Code);
        Assert.True(twice.IsProblem);

        var reinstated = await Api.Post($"/records/{id}/reinstate", """{"on":"2018-06-01","by":"Donald Trump"}""");
        Assert.Equal(200, reinstated.Status);
        Assert.Equal("scheduled", (await Api.Get($"/records/{id}")).Json!["status"]!.GetValue<string>());

        var held = await Api.Post($"/records/{id}/hold", """{"on":"2018-06-12","start":"2018-06-12"}""");
        Assert.Equal(6, held.Revision);
        Assert.Equal("held", (await Api.Get($"/records/{id}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Place_participants_outcomes_sources_and_links_are_added_and_removed_by_item_id()
    {
        var id = await Api.CreateRecord("2018年5月南北韓首腦會談", "May 2018 inter-Korean summit");
        var other = await Api.CreateRecord("2018年4月南北韓首腦會談", "April 2018 inter-Korean summit");

        Assert.Equal(200, (await Api.Send(HttpMethod.Put, $"/records/{id}/place", """{"name":{"zh-Hant":"統一閣","en":"Tongilgak"},"locality":"Panmunjom (north side)","country":"KP","coordinates":{"lat":37.956,"lon":126.677}}""")).Status);
        var participant = await Api.Post($"/records/{id}/participants", """{"name":{"zh-Hant":"金與正","en":"Kim Yo-jong"},"role":"Vice Director","side":"KP"}""");
        var outcome = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"High-level talks on 1 June"}}""");
        var source = await Api.Post($"/records/{id}/sources", """{"url":"https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談","title":"2018年5月南北韓首腦會談","publisher":"Wikipedia","publishedOn":"2018-05-27","quote":"破格的"}""");
        var link = await Api.Post($"/records/{id}/links", $$"""{"relation":"followUpOf","recordId":"{{other}}"}""");
        var role = await Api.Send(HttpMethod.Patch, $"/records/{id}/participants/{ItemId(participant)}", """{"role":"Vice Director, Propaganda and Agitation Department"}""", contentType: "application/merge-patch+json");
        Assert.Equal(200, role.Status);

        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal("統一閣", read["place"]!["name"]!["zh-Hant"]!.GetValue<string>());
        Assert.Equal("Vice Director, Propaganda and Agitation Department", read["participants"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(ItemId(outcome), read["outcomes"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("2018-05-27", read["sources"]![0]!["publishedOn"]!.GetValue<string>());
        Assert.Equal("followUpOf", read["links"]![0]!["relation"]!.GetValue<string>());
        Assert.Equal(7, read["revision"]!.GetValue<int>());

        foreach (var (list, item) in new[] { ("participants", participant), ("outcomes", outcome), ("sources", source), ("links", link) })
            Assert.Equal(200, (await Api.Send(HttpMethod.Delete, $"/records/{id}/{list}/{ItemId(item)}", key: ApiFixture.SecondEditorKey)).Status);

        read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Empty(read["participants"]!.AsArray());
        Assert.Empty(read["links"]!.AsArray());
        Assert.Equal(11, read["revision"]!.GetValue<int>());
        Assert.Equal("bob", read["lastEditor"]!.GetValue<string>());

        var again = await Api.Send(HttpMethod.Delete, $"/records/{id}/outcomes/{ItemId(outcome)}");
        Assert.Equal(404, again.Status);
    }

    [Fact]
    public async Task A_merge_patch_revises_only_the_named_fields()
    {
        var id = await Api.CreateRecord();
        var patched = await Api.Send(HttpMethod.Patch, $"/records/{id}", """{"title":{"en":"Singapore summit"},"tags":["US–DPRK"],"timeZone":"Asia/Singapore","comment":"title"}""", contentType: "application/merge-patch+json");

        Assert.Equal(200, patched.Status);
        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal("Singapore summit", read["title"]!["en"]!.GetValue<string>());
        Assert.Equal("2018年朝美首腦會談", read["title"]!["zh-Hant"]!.GetValue<string>());
        Assert.Equal("Asia/Singapore", read["timeZone"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_command_that_changes_nothing_adds_no_revision()
    {
        var id = await Api.CreateRecord();
        const string place = """{"name":{"en":"Tongilgak"},"country":"KP"}""";
        Assert.Equal(2, (await Api.Send(HttpMethod.Put, $"/records/{id}/place", place)).Revision);
        var same = await Api.Send(HttpMethod.Put, $"/records/{id}/place", place);

        Assert.Equal(200, same.Status);
        Assert.Equal(2, same.Revision);
    }

    [Fact]
    public async Task An_edits_batch_backfills_a_cancellation_and_reinstatement_as_one_revision()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{id}/hold", """{"on":"2018-06-12"}""");

        var alone = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24"}""");
        Assert.Equal(409, alone.Status);

        var batch = await Api.Post($"/records/{id}/edits", """{"comment":"backfill","commands":[{"command":"cancel","body":{"on":"2018-05-24","by":"Donald Trump"}},{"command":"reinstate","body":{"on":"2018-06-01"}}]}""");
        Assert.Equal(200, batch.Status);
        Assert.Equal(4, batch.Revision);
        Assert.Equal("held", (await Api.Get($"/records/{id}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_editor_named_in_the_body_is_refused_and_never_recorded()
    {
        var id = await Api.CreateRecord();
        var spoof = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"spoof"},"editor":"mallory"}""");
        Assert.Equal(400, spoof.Status);
        Assert.Equal("alice", (await Api.Get($"/records/{id}")).Json!["lastEditor"]!.GetValue<string>());
    }

    private static string ItemId(Response response) => response.Json!["itemId"]!.GetValue<string>();
}
