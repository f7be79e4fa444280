using System.Text.Json.Nodes;
using Chronology.Domain.Imports;
using Chronology.Domain.Records.Editing;
using Ical.Net;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests;

/// <summary>
/// The sample chronology through the import path (the same command path as the API), and what a user then
/// reads and exports. The test host has no worker, so the import runs here, as the worker's handler runs it.
/// </summary>
public sealed class ImportTests(ApiFixture api) : ApiTest(api)
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "korea-2018.ndjson"));

    private static readonly Importer Admin = new("root", IsAdmin: true);

    [Fact]
    public async Task The_sample_imports_every_line_and_the_timeline_lists_the_nine_records_in_valid_time_order()
    {
        var outcome = await Import(Sample, Admin);
        Assert.Empty(outcome.Errors);
        Assert.Equal(outcome.Lines, outcome.Imported);

        var timeline = (await Api.Get("/timeline?from=2018-04-01&to=2018-09-30&limit=500")).Json!["items"]!.AsArray();
        Assert.Equal(9, timeline.Where(e => e!["entry"]!.GetValue<string>() == "record").Select(e => e!["recordId"]!.GetValue<string>()).Distinct().Count());
        var earliest = timeline.Select(e => e!["earliest"]!.GetValue<string>()).ToList();
        Assert.Equal(earliest.Order(StringComparer.Ordinal), earliest);
        Assert.Contains(timeline, e => e!["entry"]!.GetValue<string>() == "status" && e["status"]!.GetValue<string>() == "cancelled" &&
                                       e["date"]!.GetValue<string>() == "2018-05-24" && e["title"]!["zh-Hant"]!.GetValue<string>() == "2018年朝美首腦會談");
    }

    [Fact]
    public async Task The_May_26_summit_has_revisions_by_several_editors_and_the_venue_correction()
    {
        await Import(Sample, Admin);
        var may26 = (await Api.Get("/records?q=5.26")).Json!["items"]![0]!;
        Assert.Equal("統一閣", may26["place"]!["name"]!["zh-Hant"]!.GetValue<string>());

        var history = (await Api.Get($"/records/{may26["id"]}/history?limit=500")).Json!["items"]!.AsArray();
        Assert.True(history.Count >= 3);
        Assert.True(history.Select(h => h!["editor"]!.GetValue<string>()).Distinct().Count() >= 2);
        var correction = Assert.Single(history, h => h!["correction"]!.GetValue<bool>() && h["changedPaths"]!.AsArray().Any(p => p!.GetValue<string>().StartsWith("/place")));
        Assert.Equal("root", correction!["importedBy"]!.GetValue<string>());
        Assert.NotEqual("root", correction["editor"]!.GetValue<string>());

        var before = await Api.Get($"/records/{may26["id"]}?revision={correction["revision"]!.GetValue<int>() - 1}");
        Assert.Equal("和平之家", before.Json!["place"]!["name"]!["zh-Hant"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_September_summit_is_first_known_to_the_month_and_later_to_the_day()
    {
        await Import(Sample, Admin);
        var september = (await Api.Get("/records?q=2018年9月")).Json!["items"]![0]!;
        Assert.Equal("2018-09-18", september["start"]!.GetValue<string>());
        Assert.Equal("held", september["status"]!.GetValue<string>());

        var corrected = (await Api.Get($"/records/{september["id"]}/history?limit=500")).Json!["items"]!.AsArray()
            .Single(h => h!["correction"]!.GetValue<bool>())!["revision"]!.GetValue<int>();
        var earlier = await Api.Get($"/records/{september["id"]}?revision={corrected - 1}");
        Assert.Equal("2018-09", earlier.Json!["start"]!.GetValue<string>());
    }

    [Fact]
    public async Task Importing_the_sample_a_second_time_adds_nothing()
    {
        await Import(Sample, Admin);
        var events = await EventCount();

        var again = await Import(Sample, Admin);
        Assert.Equal(0, again.Imported);
        Assert.Equal(again.Lines, again.Skipped);
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task A_bad_line_in_the_middle_is_reported_with_its_number_and_the_other_lines_go_in()
    {
        var lines = Sample.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var file = string.Join('\n', lines[0], """{"this line": is not json""", lines[1],
            """{"key":"bad-date","record":"jun12","command":"cancel","body":{"on":"2018-02-30"}}""", lines[2]);

        var outcome = await Import(file, Admin);
        Assert.Equal([2, 4], outcome.Errors.Select(e => e.Line));
        Assert.Contains("February", outcome.Errors[1].Reason);
        Assert.Equal(3, outcome.Imported);
    }

    [Fact]
    public async Task An_editors_import_is_attributed_to_that_editor_whatever_the_lines_say()
    {
        var outcome = await Import(string.Join('\n', Sample.Split('\n').Take(3)), new Importer("alice", IsAdmin: false));
        Assert.Empty(outcome.Errors);

        var record = (await Api.Get("/records")).Json!["items"]![0]!;
        var history = (await Api.Get($"/records/{record["id"]}/history")).Json!["items"]!.AsArray();
        Assert.All(history, h => Assert.Equal("alice", h!["editor"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_timeline_calendar_parses_back_with_the_May_16_talks_cancelled_and_the_record_speaks_schema_org()
    {
        await Import(Sample, Admin);
        // The bulk import finishes well before the views follow; the calendar is read without waiting for them.
        await Api.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var ics = await Api.Send(HttpMethod.Get, "/timeline.ics?from=2018-04-01&to=2018-09-30&limit=500", key: null);
        var calendar = Calendar.Load(ics.Text)!;
        var may16 = Assert.Single(calendar.Events, e => e.Summary!.Contains("16 May") || e.Summary!.Contains("5月16日"));
        Assert.Equal("CANCELLED", may16.Status);

        var may26 = (await Api.Get("/records?q=5.26")).Json!["items"]![0]!["id"]!.GetValue<string>();
        var jsonLd = await Api.Send(HttpMethod.Get, $"/records/{may26}", key: null, headers: ("Accept", "application/ld+json"));
        Assert.Equal("https://schema.org", jsonLd.Json!["@context"]!.GetValue<string>());
        Assert.Equal("Event", jsonLd.Json["@type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lines_holding_what_PostgreSQL_cannot_store_are_reported_by_number_and_the_others_go_in()
    {
        var lines = string.Join('\n',
            """{"key":"a","record":"r","command":"create","body":{"kind":"summit","title":{"en":"Singapore summit"}}}""",
            """{"key":"b","record":"r","command":"addOutcome","body":{"text":{"en":"x\u0000y"}}}""",
            """{"key":"c","record":"r","command":"addOutcome","body":{"text":{"\ud800":"joint statement"}}}""",
            """{"key":"d","record":"r","command":"addOutcome","body":{"text":{"en":"joint statement"}},"key":"e"}""",
            """{"key":"f","record":"r","command":"addOutcome","body":{"text":{"en":"joint statement"}}}""");

        var outcome = await Import(lines, Admin);

        Assert.Equal([2, 3, 4], outcome.Errors.Select(e => e.Line));
        Assert.Contains("body.text.en", outcome.Errors[0].Reason);
        Assert.Equal(2, outcome.Imported);
    }

    [Fact]
    public async Task Import_requests_are_stored_for_the_worker_and_report_their_status()
    {
        var accepted = await Api.Send(HttpMethod.Post, "/imports", Sample, ApiFixture.AdminKey, "application/x-ndjson");
        Assert.Equal(202, accepted.Status);
        var status = await Api.Get(accepted.Location!, ApiFixture.AdminKey);
        Assert.Equal("queued", status.Json!["state"]!.GetValue<string>());
        Assert.Equal(Sample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, status.Json["lines"]!.GetValue<int>());

        Assert.Equal(415, (await Api.Send(HttpMethod.Post, "/imports", Sample, ApiFixture.AdminKey)).Status);
        Assert.Equal(403, (await Api.Send(HttpMethod.Post, "/imports", Sample, ApiFixture.ReaderKey, "application/x-ndjson")).Status);
    }

    private async Task<ImportProgress> Import(string content, Importer importer)
    {
        var services = Api.Host.Services;
        var import = new NdjsonImport(services.GetRequiredService<IDocumentStore>(), TimeProvider.System);
        return await import.Run(content, importer, "test-import", _ => Task.CompletedTask, CancellationToken.None);
    }

    private async Task<long> EventCount() => (await Api.Host.Services.GetRequiredService<IDocumentStore>().Advanced.FetchEventStoreStatistics()).EventCount;

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Chronology.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException("No Chronology.sln above the test assembly.");
    }
}
