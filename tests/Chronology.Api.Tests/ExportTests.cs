using System.Text.Json.Nodes;
using Alba;
using Ical.Net;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace Chronology.Api.Tests;

public sealed class ExportTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task Json_ld_of_a_cancelled_record_is_a_schema_org_event_with_names_place_attendees_and_citations()
    {
        var id = await Api.CreateRecord();
        var source = (await Api.Post($"/records/{id}/sources", """{"url":"https://example.org/letter","title":"Letter to Kim Jong-un","publisher":"The White House","publishedOn":"2018-05-24"}""")).Json!["itemId"]!.GetValue<string>();
        await Api.Send(HttpMethod.Put, $"/records/{id}/place", """{"name":{"zh-Hant":"嘉佩樂酒店","en":"Capella Hotel"},"locality":"Sentosa","country":"SG"}""");
        await Api.Post($"/records/{id}/participants", """{"name":{"ko":"김정은","en":"Kim Jong-un"},"role":"Chairman of the State Affairs Commission","side":"KP"}""");
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{id}/cancel", $$"""{"on":"2018-05-24","by":"Donald Trump","sources":["{{source}}"]}""");

        var read = await Read($"/records/{id}", "application/ld+json");

        Assert.Equal("application/ld+json", read.ContentType);
        var ev = read.Json!;
        Assert.Equal("https://schema.org", ev["@context"]!.GetValue<string>());
        Assert.Equal("Event", ev["@type"]!.GetValue<string>());
        Assert.EndsWith($"/records/{id}", ev["@id"]!.GetValue<string>());
        Assert.Equal("https://schema.org/EventCancelled", ev["eventStatus"]!.GetValue<string>());
        Assert.Equal("2018-06-12", ev["startDate"]!.GetValue<string>());
        Assert.Equal("2018年朝美首腦會談", Named(ev["name"]!, "zh-Hant"));
        Assert.Equal("2018 US–DPRK summit", Named(ev["name"]!, "en"));
        Assert.Equal("Place", ev["location"]!["@type"]!.GetValue<string>());
        Assert.Equal("嘉佩樂酒店", Named(ev["location"]!["name"]!, "zh-Hant"));
        Assert.Equal("Sentosa", ev["location"]!["address"]!["addressLocality"]!.GetValue<string>());
        Assert.Equal("SG", ev["location"]!["address"]!["addressCountry"]!.GetValue<string>());
        var attendee = ev["attendee"]![0]!;
        Assert.Equal("Person", attendee["@type"]!.GetValue<string>());
        Assert.Equal("김정은", Named(attendee["name"]!, "ko"));
        Assert.Equal("Chairman of the State Affairs Commission", attendee["jobTitle"]!.GetValue<string>());
        var citation = ev["citation"]![0]!;
        Assert.Equal("CreativeWork", citation["@type"]!.GetValue<string>());
        Assert.Equal("https://example.org/letter", citation["url"]!.GetValue<string>());
        Assert.Equal("Letter to Kim Jong-un", citation["name"]!.GetValue<string>());
        Assert.Equal("The White House", citation["publisher"]!["name"]!.GetValue<string>());
        Assert.Equal("2018-05-24", citation["datePublished"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_ld_names_previous_starts_the_parent_event_and_the_chronology_status()
    {
        var summit = await Api.CreateRecord();
        var talks = await Api.CreateRecord("南北高級會談", "Inter-Korean high-level talks");
        await Api.Post($"/records/{talks}/links", $$"""{"relation":"partOf","recordId":"{{summit}}"}""");
        await Api.Post($"/records/{talks}/links", $$"""{"relation":"followUpOf","recordId":"{{summit}}"}""");
        await Api.Post($"/records/{talks}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{talks}/reschedule", """{"on":"2018-05-22","start":"2018-06-14"}""");
        await Api.Post($"/records/{talks}/hold", """{"on":"2018-06-14","start":"2018-06-14"}""");

        var ev = (await Read($"/records/{talks}", "application/ld+json")).Json!;

        Assert.Equal("https://schema.org/EventScheduled", ev["eventStatus"]!.GetValue<string>());
        Assert.Equal("2018-06-12", ev["previousStartDate"]![0]!.GetValue<string>());
        Assert.EndsWith($"/records/{summit}", ev["superEvent"]![0]!["@id"]!.GetValue<string>());
        var properties = ev["additionalProperty"]!.AsArray().ToDictionary(p => p!["propertyID"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>());
        Assert.Equal("held", properties["status"]);
        Assert.EndsWith($"/records/{summit}", properties["followUpOf"]);
    }

    [Fact]
    public async Task Json_ld_timeline_is_an_item_list_with_one_event_per_record_on_the_page()
    {
        var first = await Api.CreateRecord();
        var second = await Api.CreateRecord("南北韓首腦會談", "Inter-Korean summit");
        await Api.Post($"/records/{first}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Post($"/records/{first}/cancel", """{"on":"2018-05-24"}""");
        await Api.Post($"/records/{second}/hold", """{"on":"2018-05-26","start":"2018-05-26"}""");

        var list = (await Read("/timeline", "application/ld+json")).Json!;

        Assert.Equal("https://schema.org", list["@context"]!.GetValue<string>());
        Assert.Equal("ItemList", list["@type"]!.GetValue<string>());
        var events = list["itemListElement"]!.AsArray().Select(item => item!["item"]!).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, ev => Assert.Equal("Event", ev["@type"]!.GetValue<string>()));
        Assert.Equal(
            [first.ToString(), second.ToString()],
            events.Select(ev => ev["identifier"]!.GetValue<string>()).Order().ToArray());
    }

    [Fact]
    public async Task Timeline_ics_parses_back_with_status_sequence_all_day_and_zoned_events_and_names_what_it_omits()
    {
        var cancelled = await Api.CreateRecord();
        await Api.Post($"/records/{cancelled}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        var revision = (await Api.Post($"/records/{cancelled}/cancel", """{"on":"2018-05-24"}""")).Revision;
        var timed = await Api.CreateRecord("南北韓首腦會談", "Inter-Korean summit");
        await Api.Post($"/records/{timed}/hold", """{"on":"2018-05-26","start":"2018-05-26T15:00:00+09:00/2018-05-26T17:00:00+09:00"}""");
        var monthOnly = await Api.CreateRecord("南北體育會談", "Sports talks");
        await Api.Post($"/records/{monthOnly}/schedule", """{"on":"2018-06-01","start":"2018-09"}""");

        var read = await Read("/timeline.ics", accept: null);

        Assert.Equal("text/calendar", read.ContentType);
        var calendar = Calendar.Load(read.Text)!;
        Assert.Equal(2, calendar.Events.Count);

        var day = calendar.Events.Single(e => e.Uid == $"{cancelled}@chronology");
        Assert.Equal("CANCELLED", day.Status);
        Assert.Equal(revision, day.Sequence);
        Assert.Equal("2018 US–DPRK summit", day.Summary);
        Assert.False(day.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2018, 6, 12), day.DtStart.Date);
        Assert.Equal(new DateOnly(2018, 6, 13), day.DtEnd!.Date);
        Assert.Contains("DTSTART;VALUE=DATE:20180612", read.Text);

        var moment = calendar.Events.Single(e => e.Uid == $"{timed}@chronology");
        Assert.Equal("CONFIRMED", moment.Status);
        Assert.Equal("Asia/Seoul", moment.DtStart!.TzId);
        Assert.Equal(new DateTime(2018, 5, 26, 15, 0, 0), moment.DtStart.Value);
        Assert.Equal(new DateTime(2018, 5, 26, 17, 0, 0), moment.DtEnd!.Value);
        Assert.Contains("DTSTART;TZID=Asia/Seoul:20180526T150000", read.Text);
        Assert.Single(calendar.TimeZones, zone => zone.TzId == "Asia/Seoul");

        var omitted = Assert.Single(calendar.Properties, property => property.Name == "X-CHRONOLOGY-OMITTED");
        Assert.Equal($"{monthOnly}: known only to the month (2018-09)", omitted.Value);
    }

    [Fact]
    public async Task A_record_as_text_calendar_by_accept_or_by_ics_route_is_one_vevent()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");

        foreach (var (url, accept) in new[] { ($"/records/{id}", "text/calendar"), ($"/records/{id}.ics", (string?)null) })
        {
            var read = await Read(url, accept);
            Assert.Equal(200, read.Status);
            Assert.Equal("text/calendar", read.ContentType);
            var vevent = Assert.Single(Calendar.Load(read.Text)!.Events);
            Assert.Equal($"{id}@chronology", vevent.Uid);
            Assert.Equal("CONFIRMED", vevent.Status);
            Assert.Equal(2, vevent.Sequence);
        }
        Assert.Equal(404, (await Read($"/records/{Guid.CreateVersion7()}.ics", null)).Status);
    }

    [Fact]
    public async Task Csv_timeline_has_a_header_and_one_quoted_row_per_entry()
    {
        var id = (await Api.Post("/records", """{"kind":"talks","title":{"en":"Talks, \"high-level\""}}""")).Id;
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-29","start":"2018-06-01"}""");
        await Api.Post($"/records/{id}/hold", """{"on":"2018-06-01","start":"2018-06-01"}""");

        var read = await Read("/timeline", "text/csv");

        Assert.Equal("text/csv", read.ContentType);
        var lines = read.Text.Split("\r\n");
        Assert.Equal("recordId,key,entry,status,change,date,earliest,latest,title", lines[0]);
        Assert.Equal("", lines[^1]);
        var rows = lines[1..^1];
        Assert.Equal(3, rows.Length);
        // In valid-time order: scheduled on 05-29, then the meeting's own date and its being held, both on 06-01.
        Assert.StartsWith($"{id},status-1,status,scheduled,scheduled,2018-05-29,", rows[0]);
        Assert.Equal($"{id},record,record,,,2018-06-01,2018-06-01T00:00:00Z,2018-06-01T23:59:59Z,\"Talks, \"\"high-level\"\"\"", rows[1]);
        Assert.StartsWith($"{id},status-2,status,held,held,2018-06-01,", rows[2]);
    }

    [Fact]
    public async Task Exports_of_a_timeline_page_point_to_the_next_page_in_a_link_header()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var first = await Api.Host.Scenario(x => x.Get.Url("/timeline.ics?limit=1"));
        var next = Assert.Single(first.Context.Response.Headers["Link"]!)!;
        Assert.Matches("""^</timeline\.ics\?limit=1&after=[^>]+>; rel="next"$""", next);

        var second = await Api.Host.Scenario(x => x.Get.Url(next[1..next.IndexOf('>')]));
        Assert.False(second.Context.Response.Headers.ContainsKey("Link"));
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/xml")]
    [InlineData("text/csv")]
    [InlineData(null)]
    public async Task Any_unknown_or_missing_accept_on_a_record_gives_json(string? accept)
    {
        var id = await Api.CreateRecord();

        var read = await Read($"/records/{id}", accept);

        Assert.Equal("application/json", read.ContentType);
        Assert.Equal(id.ToString(), read.Json!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accept_any_on_the_timeline_gives_json()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");

        var read = await Read("/timeline", "*/*");

        Assert.Equal("application/json", read.ContentType);
        Assert.Equal(2, read.Json!["items"]!.AsArray().Count);
    }

    /// <summary>Reads with the given Accept (none when null), once the projections have caught up.</summary>
    private async Task<Response> Read(string url, string? accept)
    {
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return accept is null
            ? await Api.Send(HttpMethod.Get, url, (string?)null, key: null)
            : await Api.Send(HttpMethod.Get, url, (string?)null, null, "application/json", ("Accept", accept));
    }

    private static string Named(JsonNode values, string language) =>
        values.AsArray().Single(value => value!["@language"]!.GetValue<string>() == language)!["@value"]!.GetValue<string>();
}
