using System.Text;
using Marten;

namespace Chronology.Api.Tests;

public sealed class BadInputTests(ApiFixture api) : ApiTest(api)
{
    private const string ProblemPrefix = "urn:chronology:problem:";

    private static void AssertProblem(Response answer, int status, string type, string code) => answer.AssertProblem(status, type, code);

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem()
    {
        var answer = await Api.Post("/records", """{"kind":"summit","title":""");

        AssertProblem(answer, 400, "invalid-input", "request.malformed-json");
    }

    [Fact]
    public async Task A_wrong_type_is_a_400_problem_naming_the_field()
    {
        var answer = await Api.Post("/records", """{"kind":5,"title":{"en":"Singapore summit"}}""");

        AssertProblem(answer, 400, "invalid-input", "input.invalid");
        Assert.NotNull(answer.Json!["errors"]!["kind"]);
    }

    [Fact]
    public async Task A_wrong_type_inside_a_list_names_the_list()
    {
        var answer = await Api.Post("/records", """{"kind":"summit","title":{"en":"Singapore summit"},"tags":[1,2,{}]}""");

        AssertProblem(answer, 400, "invalid-input", "input.invalid");
        Assert.Contains(answer.Json!["errors"]!.AsObject(), error => error.Key.StartsWith("tags", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_on_an_unknown_record_is_a_404_problem()
    {
        var answer = await Api.Post($"/records/{Guid.CreateVersion7()}/cancel", """{"on":"2018-05-24"}""");

        AssertProblem(answer, 404, "not-found", "record.not-found");
    }

    [Fact]
    public async Task A_read_of_an_unknown_record_is_a_404_problem()
    {
        var answer = await Api.Get($"/records/{Guid.CreateVersion7()}");

        AssertProblem(answer, 404, "not-found", "record.not-found");
    }

    [Theory]
    [InlineData("2018-13-01")]
    [InlineData("2018-02-30")]
    [InlineData("24 May 2018")]
    [InlineData("2018-05-24T25:00:00Z")]
    public async Task An_invalid_EDTF_date_is_a_400_problem_that_says_what_is_wrong(string date)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/cancel", $$$"""{"on":"{{{date}}}"}""");

        AssertProblem(answer, 400, "invalid-input", "input.invalid");
        var message = answer.Json!["errors"]!["on"]![0]!.GetValue<string>();
        Assert.Contains(date, message);
        Assert.Contains("not a valid EDTF date", message);
        Assert.True(message.Length > $"'{date}' is not a valid EDTF date: ".Length, $"The message gives no reason: {message}");
    }

    [Theory]
    [InlineData("e")]
    [InlineData("en--US")]
    [InlineData("en_US")]
    [InlineData("zh-Hant-")]
    [InlineData("1en")]
    public async Task An_invalid_BCP_47_tag_is_a_400_problem(string tag)
    {
        var answer = await Api.Post("/records", $$$"""{"kind":"summit","title":{"{{{tag}}}":"Singapore summit"}}""");

        AssertProblem(answer, 400, "invalid-input", "input.invalid");
        Assert.NotNull(answer.Json!["errors"]![$"title.{tag}"]);
    }

    [Theory]
    [InlineData("ftp://example.org/report.pdf")]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/path")]
    public async Task A_source_url_that_is_not_http_is_a_400_problem(string url)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/sources", $$$"""{"url":"{{{url}}}","title":"report"}""");

        AssertProblem(answer, 400, "invalid-input", "input.invalid");
        Assert.NotNull(answer.Json!["errors"]!["url"]);
    }

    [Fact]
    public async Task A_title_over_500_characters_is_a_400_problem_and_500_are_fine()
    {
        var tooLong = await Api.Post("/records", $$$"""{"kind":"summit","title":{"en":"{{{new string('t', 501)}}}"}}""");
        AssertProblem(tooLong, 400, "invalid-input", "input.invalid");
        Assert.Contains("500", tooLong.Json!["errors"]!["title.en"]![0]!.GetValue<string>());

        Assert.Equal(201, (await Api.Post("/records", $$$"""{"kind":"summit","title":{"en":"{{{new string('t', 500)}}}"}}""")).Status);
    }

    [Fact]
    public async Task A_comment_over_1000_characters_is_a_400_problem_on_commands_and_batches()
    {
        var id = await Api.CreateRecord();
        var comment = new string('c', 1001);

        var command = await Api.Post($"/records/{id}/announce", $$$"""{"on":"2018-03-08","comment":"{{{comment}}}"}""");
        AssertProblem(command, 400, "invalid-input", "input.invalid");
        Assert.NotNull(command.Json!["errors"]!["comment"]);

        var batch = await Api.Post($"/records/{id}/edits", $$$"""{"comment":"{{{comment}}}","commands":[{"command":"announce","body":{"on":"2018-03-08"}}]}""");
        AssertProblem(batch, 400, "invalid-input", "input.invalid");

        Assert.Equal(200, (await Api.Post($"/records/{id}/announce", $$$"""{"on":"2018-03-08","comment":"{{{new string('c', 1000)}}}"}""")).Status);
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_a_413_problem()
    {
        var summary = new string('s', 260 * 1024);
        var answer = await Api.Post("/records", $$$"""{"kind":"summit","title":{"en":"x"},"summary":{"en":"{{{summary}}}"}}""");

        AssertProblem(answer, 413, "body-too-large", "request.too-large");
    }

    [Fact]
    public async Task A_body_over_256_KiB_sent_without_a_length_is_a_413_problem_too()
    {
        using var client = Api.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/records");
        var bytes = Encoding.UTF8.GetBytes($$$"""{"kind":"summit","title":{"en":"x"},"summary":{"en":"{{{new string('s', 260 * 1024)}}}"}}""");
        request.Content = new StreamContent(new UnseekableStream(bytes));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFixture.EditorKey);
        Assert.Null(request.Content.Headers.ContentLength);

        using var response = await client.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task JSON_nested_deeper_than_32_levels_is_a_400_problem()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 40)) + "1" + new string('}', 40);
        var answer = await Api.Send(HttpMethod.Patch, $"/records/{await Api.CreateRecord()}", deep, contentType: "application/merge-patch+json");

        AssertProblem(answer, 400, "invalid-input", "request.malformed-json");
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_a_415_problem()
    {
        using var client = Api.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/records") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"kind":"summit","title":{"en":"x"}}""")) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFixture.EditorKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Text_plain_on_a_POST_is_a_415_problem()
    {
        var answer = await Api.Send(HttpMethod.Post, "/records", """{"kind":"summit","title":{"en":"x"}}""", contentType: "text/plain");

        AssertProblem(answer, 415, "unsupported-media-type", "request.media-type");
    }

    [Fact]
    public async Task Plain_JSON_on_the_merge_patch_route_is_a_415_problem()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Send(HttpMethod.Patch, $"/records/{id}", """{"title":{"en":"Singapore summit"}}""");

        AssertProblem(answer, 415, "unsupported-media-type", "request.media-type");
        Assert.Contains("application/merge-patch+json", answer.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_domain_rule_is_a_409_problem_with_the_domains_code()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24"}""");
        var answer = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-25"}""");

        AssertProblem(answer, 409, "rule-violated", "lifecycle.already-cancelled");
    }

    [Theory]
    [InlineData("POST", "/records/not-a-guid/cancel")]
    [InlineData("GET", "/records/not-a-guid")]
    [InlineData("PATCH", "/records/12345")]
    [InlineData("DELETE", "/records/{id}/outcomes/not-a-guid")]
    public async Task A_route_id_that_is_not_a_GUID_is_a_404_problem(string method, string url)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Send(new HttpMethod(method), url.Replace("{id}", id.ToString()),
            method is "POST" or "PATCH" ? """{"on":"2018-05-24"}""" : null);

        Assert.Equal(404, answer.Status);
        Assert.True(answer.IsProblem, $"{method} {url}: {answer.ContentType} {answer.Text}");
        Assert.StartsWith(ProblemPrefix, answer.Json!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("participants", "participant.not-found")]
    [InlineData("outcomes", "outcome.not-found")]
    [InlineData("sources", "source.not-found")]
    [InlineData("links", "link.not-found")]
    public async Task Deleting_an_unknown_item_is_a_404_problem(string list, string code)
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Send(HttpMethod.Delete, $"/records/{id}/{list}/{Guid.CreateVersion7()}");

        AssertProblem(answer, 404, "not-found", code);
        Assert.Single(await Api.Events(id));
    }

    [Fact]
    public async Task A_link_to_an_unknown_record_is_a_400_problem()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/links", $$$"""{"relation":"followUpOf","recordId":"{{{Guid.CreateVersion7()}}}"}""");

        AssertProblem(answer, 400, "invalid-input", "input.invalid");
        Assert.NotNull(answer.Json!["errors"]!["recordId"]);
    }

    [Fact]
    public async Task Invalid_UTF_8_is_a_400_problem()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"kind":"summit","title":{"en":"""), (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}', (byte)'}'];
        var answer = await Api.Send(HttpMethod.Post, "/records", body);

        AssertProblem(answer, 400, "invalid-input", "request.malformed-json");
        Assert.Contains("UTF-8", answer.Json!["detail"]!.GetValue<string>());
        await using var session = Api.Host.DocumentStore().QuerySession();
        Assert.Empty(await session.Events.QueryAllRawEvents().ToListAsync());
    }

    /// <summary>
    /// Every malformed body on every write route: never a 5xx, every answer a problem, and nothing stored.
    /// </summary>
    [Fact]
    public async Task Over_a_hundred_malformed_requests_answer_problems_and_change_nothing()
    {
        var id = await Api.CreateRecord();
        var other = await Api.CreateRecord("2018年4月南北韓首腦會談", "April 2018 inter-Korean summit");
        Assert.Equal(200, (await Api.Post($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""")).Status);
        var revision = (await Api.Get($"/records/{id}")).Json!["revision"]!.GetValue<int>();
        var events = (await Api.Events(id)).Count;

        (HttpMethod Method, string Url, string ContentType)[] routes =
        [
            (HttpMethod.Post, "/records", "application/json"),
            (HttpMethod.Post, $"/records/{id}/schedule", "application/json"),
            (HttpMethod.Post, $"/records/{id}/cancel", "application/json"),
            (HttpMethod.Post, $"/records/{id}/participants", "application/json"),
            (HttpMethod.Put, $"/records/{id}/place", "application/json"),
            (HttpMethod.Post, $"/records/{id}/edits", "application/json"),
            (HttpMethod.Post, $"/records/{id}/sources", "application/json"),
            (HttpMethod.Post, $"/records/{id}/links", "application/json"),
            (HttpMethod.Post, $"/records/{id}/outcomes", "application/json"),
            (HttpMethod.Patch, $"/records/{id}", "application/merge-patch+json"),
            (HttpMethod.Patch, $"/records/{id}", "application/json"),
        ];

        var sent = 0;
        var failures = new List<string>();
        foreach (var (method, url, contentType) in routes)
        foreach (var (name, bytes) in MalformedBodies)
        {
            var answer = await Api.Send(method, url, bytes, contentType: contentType);
            sent++;
            if (answer.Status is < 400 or >= 500 || !answer.IsProblem || answer.Json?["code"] is null ||
                answer.Json["type"]?.GetValue<string>().StartsWith(ProblemPrefix, StringComparison.Ordinal) != true)
                failures.Add($"{method} {url} [{contentType}] {name}: {answer.Status} {answer.ContentType} {answer.Text}");
        }

        Assert.True(sent >= 100, $"only {sent} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(revision, (await Api.Get($"/records/{id}")).Json!["revision"]!.GetValue<int>());
        Assert.Equal(events, (await Api.Events(id)).Count);
        Assert.Single(await Api.Events(other));
        await using var session = Api.Host.DocumentStore().QuerySession();
        Assert.Equal(2, (await session.Events.QueryAllRawEvents().ToListAsync()).Select(e => e.StreamId).Distinct().Count());
    }

    private static readonly (string Name, byte[] Bytes)[] MalformedBodies =
    [
        ("unterminated object", Utf8("{")),
        ("array", Utf8("[]")),
        ("null", Utf8("null")),
        ("kind is a number", Utf8("""{"kind":5}""")),
        ("title is a string", Utf8("""{"title":"x"}""")),
        ("bad language tags", Utf8("""{"title":{"e":"x","en_US":"y"},"name":{"1en":"z"},"text":{"zh-Hant-":"w"}}""")),
        ("Mars time zone", Utf8("""{"timeZone":"Mars/Olympus"}""")),
        ("on is a number", Utf8("""{"on":123}""")),
        ("month 13", Utf8("""{"start":"2018-13-01"}""")),
        ("start is an object", Utf8("""{"start":{"a":1}}""")),
        ("invalid UTF-8", [.. Utf8("""{"title":{"en":"""), (byte)'"', 0xC3, 0x28, 0xFF, 0xFE, (byte)'"', (byte)'}', (byte)'}']),
        ("tags of the wrong types", Utf8("""{"tags":[1,2,{}]}""")),
        ("url is not http", Utf8("""{"url":"ftp://example.org/a","title":"x"}""")),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A stream that cannot say its length, so the client sends the body chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
