namespace Chronology.Api.Tests;

public sealed class AuthTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task A_write_without_a_key_is_a_401_problem_with_a_Bearer_challenge()
    {
        var answer = await Api.Post("/records", """{"kind":"summit","title":{"en":"x"}}""", key: null);

        Assert.Equal(401, answer.Status);
        Assert.True(answer.IsProblem, answer.Text);
        Assert.Equal("auth.unauthorized", answer.Code);
        Assert.Equal("urn:chronology:problem:unauthorized", answer.Json!["type"]!.GetValue<string>());
        Assert.Equal("Bearer", answer.WwwAuthenticate);
        await AssertNothingStored();
    }

    [Fact]
    public async Task A_write_with_an_unknown_key_is_a_401_problem()
    {
        var answer = await Api.Post("/records", """{"kind":"summit","title":{"en":"x"}}""", key: "test-editor-key-alice-012345678X");

        Assert.Equal(401, answer.Status);
        Assert.True(answer.IsProblem, answer.Text);
        Assert.Equal("auth.unauthorized", answer.Code);
        Assert.Equal("Bearer", answer.WwwAuthenticate);
        await AssertNothingStored();
    }

    [Fact]
    public async Task A_non_Bearer_authorization_is_a_401_problem()
    {
        var answer = await Api.Send(HttpMethod.Post, "/records", """{"kind":"summit","title":{"en":"x"}}""", key: null,
            headers: ("Authorization", "Basic YWxpY2U6c2VjcmV0"));

        Assert.Equal(401, answer.Status);
        Assert.True(answer.IsProblem, answer.Text);
    }

    [Fact]
    public async Task A_reader_key_on_a_write_is_a_403_problem()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/cancel", """{"on":"2018-05-24"}""", key: ApiFixture.ReaderKey);

        Assert.Equal(403, answer.Status);
        Assert.True(answer.IsProblem, answer.Text);
        Assert.Equal("auth.forbidden", answer.Code);
        Assert.Single(await Api.Events(id));
    }

    [Fact]
    public async Task An_admin_key_may_write()
    {
        var answer = await Api.Post("/records", """{"kind":"summit","title":{"en":"x"}}""", key: ApiFixture.AdminKey);

        Assert.Equal(201, answer.Status);
        Assert.Equal("root", (await Api.Get($"/records/{answer.Id}")).Json!["lastEditor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reads_are_open_without_a_key_by_default()
    {
        var id = await Api.CreateRecord();

        Assert.Equal(200, (await Api.Get($"/records/{id}")).Status);
        Assert.Equal(200, (await Api.Get($"/records/{id}", ApiFixture.ReaderKey)).Status);
    }

    [Fact]
    public async Task The_editor_recorded_is_the_keys_principal_in_the_view_and_in_every_events_metadata()
    {
        var created = await Api.Post("/records", """{"kind":"summit","title":{"en":"Singapore summit"}}""");
        var id = created.Id;
        var outcome = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"joint statement"}}""", key: ApiFixture.SecondEditorKey);
        Assert.Equal(200, outcome.Status);

        Assert.Equal("bob", (await Api.Get($"/records/{id}")).Json!["lastEditor"]!.GetValue<string>());
        var editors = (await Api.Events(id)).Select(e => e.Headers![Chronology.Domain.Records.Editing.EditHeaders.Editor].ToString()!).ToArray();
        Assert.Equal(new[] { "alice", "bob" }, editors);

        var spoof = await Api.Post($"/records/{id}/announce", """{"on":"2018-03-08","editor":"mallory"}""", key: ApiFixture.SecondEditorKey);
        Assert.Equal(400, spoof.Status);
        var batch = await Api.Post($"/records/{id}/edits", """{"editor":"mallory","commands":[{"command":"announce","body":{"on":"2018-03-08"}}]}""", key: ApiFixture.SecondEditorKey);
        Assert.Equal(400, batch.Status);
        Assert.Equal(2, (await Api.Events(id)).Count);
    }

    private async Task AssertNothingStored()
    {
        await using var session = Marten.HostExtensions.DocumentStore(Api.Host).QuerySession();
        Assert.Empty(await Marten.QueryableExtensions.ToListAsync(session.Events.QueryAllRawEvents()));
    }
}

/// <summary>A host where reads need the reader role (<c>Auth:RequireAuthForReads=true</c>).</summary>
public sealed class ClosedReadsFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:RequireAuthForReads"] = "true",
    };
}

[CollectionDefinition(Name)]
public sealed class ClosedReadsCollection : ICollectionFixture<ClosedReadsFixture>
{
    public const string Name = "reads need a key";
}

[Collection(ClosedReadsCollection.Name)]
public sealed class ClosedReadsTests(ClosedReadsFixture api) : FixtureTest<ClosedReadsFixture>(api)
{
    [Fact]
    public async Task An_anonymous_read_is_a_401_problem_and_the_reader_key_reads()
    {
        var id = await Api.CreateRecord();

        var anonymous = await Api.Get($"/records/{id}");
        Assert.Equal(401, anonymous.Status);
        Assert.True(anonymous.IsProblem, anonymous.Text);
        Assert.Equal("Bearer", anonymous.WwwAuthenticate);

        var reader = await Api.Get($"/records/{id}", ApiFixture.ReaderKey);
        Assert.Equal(200, reader.Status);
        Assert.Equal(id.ToString(), reader.Json!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editors_and_admins_may_read_too_but_an_unknown_key_may_not()
    {
        var id = await Api.CreateRecord();

        Assert.Equal(200, (await Api.Get($"/records/{id}", ApiFixture.EditorKey)).Status);
        Assert.Equal(200, (await Api.Get($"/records/{id}", ApiFixture.AdminKey)).Status);
        Assert.Equal(401, (await Api.Get($"/records/{id}", "not-a-key")).Status);
    }

    [Fact]
    public async Task Health_stays_open()
    {
        Assert.Equal(200, (await Api.Get("/health/live")).Status);
    }
}
