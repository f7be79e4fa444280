using System.Text;
using Marten;

namespace Chronology.Api.Tests;

/// <summary>
/// Text that is not text, JSON that is not one document, values beyond what the store holds: each answered with a 400
/// problem naming the field, never a 5xx, and nothing stored.
/// </summary>
public sealed class HostileTextTests(ApiFixture api) : ApiTest(api)
{
    [Theory]
    [InlineData("""{"kind":"summit","title":{"en":"\ud800"}}""", "title.en")]
    [InlineData("""{"kind":"summit","title":{"en":"a\udfffb"}}""", "title.en")]
    [InlineData("""{"kind":"summit","title":{"en":"Singapore"},"tags":["ok","\udc00\ud800"]}""", "tags[1]")]
    [InlineData("""{"kind":"summit","title":{"\ud800":"Singapore"}}""", "title")]
    [InlineData("""{"kind":"summit","title":{"en":"x\u0000y"}}""", "title.en")]
    [InlineData("""{"kind":"summit","title":{"en":"Singapore"},"comment":"\u0000"}""", "comment")]
    public async Task Unpaired_surrogates_and_NUL_in_a_body_are_a_400_naming_the_field(string body, string field)
    {
        var answer = await Api.Post("/records", body);

        answer.AssertProblem(400, "invalid-input", "input.invalid");
        Assert.True(answer.Json!["errors"]![field] is not null, answer.Text);
        Assert.Equal(0, (await Api.Host.DocumentStore().Advanced.FetchEventStoreStatistics()).EventCount);
    }

    [Fact]
    public async Task The_same_member_twice_is_a_400()
    {
        var answer = await Api.Post("/records", """{"kind":"summit","title":{"en":"Singapore"},"kind":"talks"}""");

        answer.AssertProblem(400, "invalid-input", "request.malformed-json");
        Assert.Contains("kind", answer.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_null_where_an_edit_batch_needs_a_command_is_a_400_naming_it()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/edits", """{"commands":[{"command":"addOutcome","body":{"text":{"en":"talks"}}},null]}""");

        answer.AssertProblem(400, "invalid-input", "input.invalid");
        Assert.NotNull(answer.Json!["errors"]!["commands[1]"]);
        Assert.Single(await Api.Events(id));
    }

    [Theory]
    [InlineData("/records?q=%00", "q")]
    [InlineData("/records?q=a%00b", "q")]
    [InlineData("/timeline?participant=%ED%A0%80", "participant")]
    [InlineData("/records?place=%C3%28", "place")]
    public async Task NUL_and_bytes_that_are_not_UTF_8_in_the_query_are_a_400_naming_the_parameter(string url, string parameter)
    {
        var answer = await Api.Get(url);

        answer.AssertProblem(400, "invalid-input", "request.invalid-text");
        Assert.NotNull(answer.Json!["errors"]![parameter]);
    }

    [Fact]
    public async Task A_header_that_is_not_printable_ASCII_is_a_400_naming_it()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("X-Correlation-Id", "cl\u00e9"));

        answer.AssertProblem(400, "invalid-input", "request.invalid-text");
        Assert.NotNull(answer.Json!["errors"]!["X-Correlation-Id"]);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task The_first_and_last_instants_the_store_holds_are_valid_knownAt_values(string instant)
    {
        var id = await Api.CreateRecord();

        var answer = await Api.Get($"/records/{id}?knownAt={instant}");

        Assert.True(answer.Status is 200 or 404, $"{answer.Status}: {answer.Text}");
        if (answer.Status == 404) answer.AssertProblem(404, "not-found", "record.not-found");
    }

    [Fact]
    public async Task An_instant_beyond_what_the_store_holds_is_a_400()
    {
        var id = await Api.CreateRecord();

        var answer = await Api.Get($"/records/{id}?knownAt=%2B10000-01-01T00:00:00Z");

        answer.AssertProblem(400, "invalid-input", "input.invalid");
        Assert.NotNull(answer.Json!["errors"]!["knownAt"]);
    }

    [Fact]
    public async Task EDTF_years_beyond_9999_stay_valid()
    {
        var id = await Api.CreateRecord();

        var answer = await Api.Post($"/records/{id}/announce", """{"on":"Y170002"}""");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task An_import_with_NUL_bytes_is_a_400_naming_the_line()
    {
        var answer = await Api.Send(HttpMethod.Post, "/imports", Encoding.UTF8.GetBytes("{\"key\":\"a\"}\n\0\0\0\0"), ApiFixture.AdminKey, "application/x-ndjson");

        answer.AssertProblem(400, "invalid-input", "import.encoding");
        Assert.Contains("line 2", answer.Json!["detail"]!.GetValue<string>());
    }
}
