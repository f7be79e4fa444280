using System.Text.Json.Nodes;

namespace Chronology.Api.Tests;

/// <summary>Writes through the API show up in every view the daemon projects: current state, history, timeline and change feed.</summary>
public sealed class ViewTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Every_write_appears_in_the_current_state_the_history_and_the_change_feed()
    {
        var (id, participant) = await SingaporeSummit();

        var current = await Api.Get($"/records/{id}");
        Assert.Equal(200, current.Status);
        Assert.Equal("8", current.ETag);
        Assert.Equal(8, current.Json!["revision"]!.GetValue<int>());
        Assert.Equal("held", Text(current.Json, "status"));
        Assert.Equal("2018-06-12", Text(current.Json, "start"));
        Assert.Equal("Chairman of the State Affairs Commission", Text(current.Json["participants"]![0]!, "role"));
        Assert.Equal("Joint statement", Text(current.Json["outcomes"]![0]!["text"]!, "en"));
        Assert.Equal("bob", Text(current.Json, "lastEditor"));

        // History: newest first, three to a page, following `next` to the end.
        var history = await Pages($"/records/{id}/history?limit=3");
        Assert.Equal([8, 7, 6, 5, 4, 3, 2, 1], history.Select(item => item["revision"]!.GetValue<int>()));
        var byRevision = history.ToDictionary(item => item["revision"]!.GetValue<int>());
        Assert.Equal("new record", Text(byRevision[1], "comment"));
        Assert.Equal(["record_created.v1"], Strings(byRevision[1]["eventTypes"]));
        Assert.Equal("alice", Text(byRevision[4], "editor"));
        Assert.Equal("letter to Kim Jong-un", Text(byRevision[4], "comment"));
        Assert.Equal(["meeting_cancelled.v1"], Strings(byRevision[4]["eventTypes"]));
        Assert.Contains("/status", Strings(byRevision[4]["changedPaths"]));
        // A change to one list item names the item by its id, not by its index.
        Assert.Contains($"/participants/{participant}/role", Strings(byRevision[7]["changedPaths"]));
        Assert.Equal(["outcome_recorded.v1", "source_cited.v2"], Strings(byRevision[6]["eventTypes"]));
        Assert.Equal("bob", Text(byRevision[8], "editor"));
        Assert.Equal(
            history.Select(item => Text(item, "recordedAt")).OrderByDescending(at => at, StringComparer.Ordinal),
            history.Select(item => Text(item, "recordedAt")));

        // Change feed: one item per revision, positions increasing, the same metadata as the history.
        var changes = await Pages("/changes?limit=3");
        Assert.Equal(8, changes.Count);
        var positions = changes.Select(item => item["position"]!.GetValue<long>()).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], changes.Select(item => item["revision"]!.GetValue<int>()));
        Assert.All(changes, item => Assert.Equal(id.ToString(), Text(item, "recordId")));
        Assert.Equal("letter to Kim Jong-un", Text(changes[3], "comment"));
        Assert.Equal(["meeting_cancelled.v1"], Strings(changes[3]["eventTypes"]));
        Assert.Equal(["outcome_recorded.v1", "source_cited.v2"], Strings(changes[5]["eventTypes"]));
        Assert.Equal("bob", Text(changes[7], "editor"));

        // The feed continues from a position: after the fourth item come exactly the last four.
        var rest = await Api.Get($"/changes?after={positions[3]}&limit=500");
        Assert.Equal(positions.Skip(4), rest.Json!["items"]!.AsArray().Select(item => item!["position"]!.GetValue<long>()));
    }

    [Fact]
    public async Task The_timeline_orders_record_dates_and_status_changes_by_valid_time_and_its_cursor_is_stable()
    {
        var (summit, _) = await SingaporeSummit();
        var talks = await Create("""{"kind":"talks","title":{"zh-Hant":"南北韓將級會談","ko":"남북 장성급 회담","en":"Inter-Korean general-level talks"}}""");
        Assert.Equal(200, (await Api.Post($"/records/{talks}/schedule", """{"on":"2018-06-01","start":"2018-06-14"}""")).Status);

        var all = Items((await Api.Get("/timeline?limit=500")).Json!);
        Assert.Equal(
            all.Select(entry => Text(entry, "earliest")).Order(StringComparer.Ordinal),
            all.Select(entry => Text(entry, "earliest")));

        var summitEntries = all.Where(entry => Text(entry, "recordId") == summit.ToString()).ToList();
        Assert.Equal(
            [("status", "2018-05-10", "scheduled"), ("status", "2018-05-24", "cancelled"), ("status", "2018-06-01", "scheduled"),
             ("record", "2018-06-12", null), ("status", "2018-06-12", "held")],
            summitEntries.Select(entry => (Text(entry, "entry"), Text(entry, "date"), entry["status"]?.GetValue<string>())));
        Assert.Equal("2018-05-24T00:00:00Z", Text(summitEntries[1], "earliest"));
        Assert.StartsWith("2018-05-24T23:59:59", Text(summitEntries[1], "latest"));
        Assert.Equal("2018 US–DPRK summit", Text(summitEntries[0]["title"]!, "en"));
        Assert.Contains(all, entry => Text(entry, "recordId") == talks.ToString() && Text(entry, "entry") == "record" && Text(entry, "date") == "2018-06-14");

        // from/to keep the entries whose own date overlaps the range.
        var june = Items((await Api.Get("/timeline?from=2018-06-10&to=2018-06-20")).Json!);
        Assert.Equal(["2018-06-12", "2018-06-12", "2018-06-14"], june.Select(entry => Text(entry, "date")));

        // Two to a page; a record written meanwhile, dated before the cursor, neither repeats nor shifts what follows.
        var first = await Api.Get("/timeline?limit=2");
        Assert.Equal(all.Take(2).Select(Key), Items(first.Json!).Select(Key));
        var early = await Create("""{"kind":"meeting","title":{"en":"Early meeting"}}""");
        Assert.Equal(200, (await Api.Post($"/records/{early}/hold", """{"on":"2018-01-01","start":"2018-01-01"}""")).Status);
        var following = await Pages($"/timeline?limit=2&after={Text(first.Json!, "next")}");
        Assert.Equal(all.Skip(2).Select(Key), following.Select(Key));
    }

    [Fact]
    public async Task Records_are_filtered_by_status_kind_tag_participant_place_valid_time_and_text_in_any_script()
    {
        var summit = await Create("""{"kind":"summit","title":{"zh-Hant":"2018年朝美首腦會談","ko":"2018년 북미 정상회담","en":"2018 US–DPRK summit"},"tags":["US–DPRK"]}""");
        await Ok(Api.Post($"/records/{summit}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}"""));
        await Ok(Api.Send(HttpMethod.Put, $"/records/{summit}/place", """{"name":{"en":"Capella Hotel"},"locality":"Sentosa, Singapore","country":"SG"}"""));
        await Ok(Api.Post($"/records/{summit}/participants", """{"name":{"zh-Hant":"金正恩","ko":"김정은","en":"Kim Jong-un"},"role":"Chairman","side":"KP"}"""));

        var general = await Create("""{"kind":"talks","title":{"zh-Hant":"南北韓將級會談","ko":"남북 장성급 회담","en":"Inter-Korean general-level talks"},"tags":["inter-Korean"]}""");
        await Ok(Api.Post($"/records/{general}/schedule", """{"on":"2018-06-01","start":"2018-06-14"}"""));
        await Ok(Api.Send(HttpMethod.Put, $"/records/{general}/place", """{"name":{"zh-Hant":"板門店和平之家","en":"Peace House"},"locality":"Panmunjom","country":"KR"}"""));
        await Ok(Api.Post($"/records/{general}/participants", """{"name":{"ko":"김도균","en":"Kim Do-gyun"},"role":"Major General","side":"KR"}"""));

        var highLevel = await Create("""{"kind":"talks","title":{"zh-Hant":"南北韓高級別會談","en":"Inter-Korean high-level talks"},"tags":["inter-Korean"]}""");
        await Ok(Api.Post($"/records/{highLevel}/hold", """{"on":"2018-06-01","start":"2018-06-01"}"""));

        var proposal = await Create("""{"kind":"meeting","title":{"en":"Red Cross talks"}}""");

        Assert.Equal([summit, general], await Ids("/records?status=scheduled"));
        Assert.Equal([highLevel], await Ids("/records?status=held"));
        Assert.Equal([proposal], await Ids("/records?status=proposed"));
        Assert.Equal([general, highLevel], await Ids("/records?kind=talks"));
        Assert.Equal([general, highLevel], await Ids("/records?tag=inter-Korean"));
        Assert.Equal([summit], await Ids("/records?tag=US–DPRK"));
        Assert.Equal([summit], await Ids("/records?participant=金正恩"));
        Assert.Equal([general], await Ids("/records?participant=김도"));
        Assert.Equal([general], await Ids("/records?participant=do-GYUN"));
        Assert.Equal([summit], await Ids("/records?place=Singapore"));
        Assert.Equal([general], await Ids("/records?place=板門店"));
        Assert.Equal([summit, general], await Ids("/records?from=2018-06-10&to=2018-06-20"));
        Assert.Equal([highLevel], await Ids("/records?to=2018-06-05"));
        Assert.Equal([summit], await Ids("/records?q=朝美"));
        Assert.Equal([general], await Ids("/records?q=장성급"));
        Assert.Equal([general], await Ids("/records?q=GENERAL-level"));
        Assert.Equal([general, highLevel], await Ids("/records?kind=talks&tag=inter-Korean&q=Inter-Korean"));
        Assert.Equal([general], await Ids("/records?status=scheduled&tag=inter-Korean&from=2018-06"));
        Assert.Empty(await Ids("/records?q=" + Uri.EscapeDataString("100%")));

        // One to a page: every record once, in the same order as one page, and a record created while paging comes last.
        var all = await Ids("/records?limit=500");
        Assert.Equal([summit, general, highLevel, proposal], all);
        var first = await Api.Get("/records?limit=1");
        var later = await Create("""{"kind":"agreement","title":{"en":"Singapore joint statement"}}""");
        var paged = Items(first.Json!).Select(RecordId).Concat((await Pages($"/records?limit=1&after={Text(first.Json!, "next")}")).Select(RecordId));
        Assert.Equal([.. all, later], paged);
    }

    [Theory]
    [InlineData("/records?limit=0")]
    [InlineData("/records?limit=501")]
    [InlineData("/records?limit=ten")]
    [InlineData("/records?after=not-a-cursor")]
    [InlineData("/records?after=MTIz")]
    [InlineData("/records?from=June")]
    [InlineData("/records?status=happening")]
    [InlineData("/timeline?limit=0")]
    [InlineData("/timeline?after=bm90LWEtY3Vyc29y")]
    [InlineData("/changes?limit=501")]
    [InlineData("/changes?after=yesterday")]
    public async Task Bad_paging_and_filters_are_400_problems(string url)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Get(url);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem, answer.Text);
        var history = await Api.Get($"/records/{id}/history?after=garbage");
        Assert.Equal(400, history.Status);
    }

    [Fact]
    public async Task Admins_see_every_projection_with_its_position_and_lag_and_can_queue_a_rebuild()
    {
        var id = await Api.CreateRecord();
        await Ok(Api.Post($"/records/{id}/announce", """{"on":"2018-03-08"}"""));

        var projections = await Api.Get("/admin/projections", ApiFixture.AdminKey);
        Assert.Equal(200, projections.Status);
        var items = Items(projections.Json!);
        Assert.Equal(["changes", "log", "records", "revisions"], items.Select(item => Text(item, "name")).Order());
        foreach (var item in items)
        {
            Assert.Equal(1, item["version"]!.GetValue<int>());
            Assert.True(item["highWaterMark"]!.GetValue<long>() >= 2, item.ToJsonString());
            Assert.Equal(item["highWaterMark"]!.GetValue<long>(), item["position"]!.GetValue<long>());
            Assert.Equal(0, item["lagEvents"]!.GetValue<long>());
            Assert.Equal(0, item["deadLetters"]!.GetValue<long>());
            Assert.Contains(Text(item, "state"), new[] { "running", "paused", "faulted", "unassigned", "rebuilding" });
        }
        Assert.Equal(403, (await Api.Get("/admin/projections", ApiFixture.EditorKey)).Status);
        Assert.Equal(401, (await Api.Get("/admin/projections")).Status);

        var rebuild = await Api.Post("/admin/projections/records/rebuild", "", ApiFixture.AdminKey);
        Assert.Equal(202, rebuild.Status);
        Assert.NotNull(rebuild.Location);
        Assert.Equal("records", Text(rebuild.Json!, "name"));
        Assert.Equal("queued", Text(rebuild.Json!, "state"));
        // No worker runs in this host, so the request stays queued, and the list says the projection is to be rebuilt.
        var status = await Api.Get(rebuild.Location!, ApiFixture.AdminKey);
        Assert.Equal(200, status.Status);
        Assert.Equal("queued", Text(status.Json!, "state"));
        Assert.Equal("rebuilding", Text(Items((await Api.Get("/admin/projections", ApiFixture.AdminKey)).Json!).Single(item => Text(item, "name") == "records"), "state"));

        var unknown = await Api.Post("/admin/projections/nonesuch/rebuild", "", ApiFixture.AdminKey);
        Assert.Equal(404, unknown.Status);
        Assert.True(unknown.IsProblem);
        Assert.Equal(403, (await Api.Post("/admin/projections/records/rebuild", "", ApiFixture.EditorKey)).Status);
        Assert.Equal(404, (await Api.Get($"/admin/rebuilds/{Guid.CreateVersion7()}", ApiFixture.AdminKey)).Status);
    }

    /// <summary>The Singapore summit through eight revisions; the seventh changes a participant's role, the eighth is bob's.</summary>
    private async Task<(Guid Id, string Participant)> SingaporeSummit()
    {
        var id = await Create("""{"kind":"summit","title":{"zh-Hant":"2018年朝美首腦會談","en":"2018 US–DPRK summit"},"timeZone":"Asia/Singapore","comment":"new record"}""");
        await Ok(Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12","comment":"date set"}"""));
        var participant = (await Ok(Api.Post($"/records/{id}/participants", """{"name":{"zh-Hant":"金正恩","en":"Kim Jong-un"},"role":"Chairman","side":"KP"}""")))
            .Json!["itemId"]!.GetValue<string>();
        await Ok(Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24","by":"Donald Trump","reason":"letter","comment":"letter to Kim Jong-un"}"""));
        await Ok(Api.Post($"/records/{id}/reinstate", """{"on":"2018-06-01","by":"Donald Trump"}"""));
        await Ok(Api.Post($"/records/{id}/edits", """{"comment":"outcome and its source","commands":[{"command":"addOutcome","body":{"text":{"en":"Joint statement"}}},{"command":"citeSource","body":{"url":"https://example.org/statement","title":"Joint statement"}}]}"""));
        await Ok(Api.Send(HttpMethod.Patch, $"/records/{id}/participants/{participant}", """{"role":"Chairman of the State Affairs Commission"}""", contentType: "application/merge-patch+json"));
        await Ok(Api.Post($"/records/{id}/hold", """{"on":"2018-06-12","start":"2018-06-12"}""", ApiFixture.SecondEditorKey));
        return (id, participant);
    }

    private async Task<Guid> Create(string body) => (await Ok(Api.Post("/records", body), 201)).Id;

    private static async Task<Response> Ok(Task<Response> request, int status = 200)
    {
        var response = await request;
        Assert.True(response.Status == status, $"{response.Status}: {response.Text}");
        return response;
    }

    /// <summary>Every item of a paged list, following <c>next</c> until it is null.</summary>
    private async Task<List<JsonNode>> Pages(string url)
    {
        var items = new List<JsonNode>();
        var page = await Ok(Api.Get(url));
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "paging does not end");
            items.AddRange(Items(page.Json!));
            if (page.Json!["next"]?.GetValue<string>() is not { } next || Items(page.Json).Count == 0) return items;
            page = await Ok(Api.Get(WithAfter(url, next)));
        }
    }

    private static string WithAfter(string url, string next)
    {
        var query = url.Split('?', 2);
        var kept = query.Length > 1 ? query[1].Split('&').Where(part => !part.StartsWith("after=", StringComparison.Ordinal)) : [];
        return $"{query[0]}?{string.Join('&', kept.Append("after=" + Uri.EscapeDataString(next)))}";
    }

    private async Task<List<Guid>> Ids(string url)
    {
        var answer = await Ok(Api.Get(url));
        return Items(answer.Json!).Select(RecordId).ToList();
    }

    private static Guid RecordId(JsonNode record) => Guid.Parse(Text(record, "id"));

    private static string Key(JsonNode entry) => $"{Text(entry, "recordId")}|{Text(entry, "entry")}|{Text(entry, "date")}|{entry["status"]?.GetValue<string>()}";

    private static List<JsonNode> Items(JsonNode page) => page["items"]!.AsArray().Select(item => item!).ToList();

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(item => item!.GetValue<string>()).ToArray();
}
