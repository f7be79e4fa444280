using System.Text.Json.Nodes;
using Alba;
using Chronology.Domain.Records.Editing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Chronology.Api.Tests;

public sealed class IdempotencyTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task A_retry_with_the_same_key_and_body_answers_the_first_response_and_appends_nothing()
    {
        var id = await Api.CreateRecord();
        const string body = """{"text":{"en":"High-level talks on 1 June"}}""";
        var first = await Api.Post($"/records/{id}/outcomes", body, ApiFixture.EditorKey, ("Idempotency-Key", "outcome-0601"));
        var events = (await Api.Events(id)).Count;

        var retry = await Api.Post($"/records/{id}/outcomes", body, ApiFixture.EditorKey, ("Idempotency-Key", "outcome-0601"));

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Status, retry.Status);
        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.Revision, retry.Revision);
        Assert.Equal(first.ETag, retry.ETag);
        Assert.Equal(first.Json!["itemId"]!.GetValue<string>(), retry.Json!["itemId"]!.GetValue<string>());
        Assert.Equal(events, (await Api.Events(id)).Count);
        Assert.Single((await Api.Get($"/records/{id}")).Json!["outcomes"]!.AsArray());
    }

    [Fact]
    public async Task A_create_retried_with_the_same_key_answers_the_same_record()
    {
        const string body = """{"kind":"talks","title":{"ko":"남북 고위급회담","en":"Inter-Korean high-level talks"}}""";
        var first = await Api.Post("/records", body, ApiFixture.EditorKey, ("Idempotency-Key", "create-0601"));
        var retry = await Api.Post("/records", body, ApiFixture.EditorKey, ("Idempotency-Key", "create-0601"));

        Assert.Equal(201, first.Status);
        Assert.Equal(201, retry.Status);
        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(1, retry.Revision);
        Assert.Equal(first.Location, retry.Location);

        await using var session = Api.Host.DocumentStore().QuerySession();
        Assert.Equal(1, await session.Events.QueryAllRawEvents().CountAsync());
    }

    [Fact]
    public async Task Parallel_retries_with_one_key_append_once_and_all_answer_the_same()
    {
        var id = await Api.CreateRecord();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Api.Post($"/records/{id}/outcomes", """{"text":{"en":"sports talks"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "sports"))));

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        Assert.Single(answers.Select(answer => answer.Revision).Distinct());
        Assert.Single((await Api.Get($"/records/{id}")).Json!["outcomes"]!.AsArray());
        Assert.Equal(2, (await Api.Get($"/records/{id}")).Json!["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"general-level talks on 14 June"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-1"));
        var events = (await Api.Events(id)).Count;

        var reused = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"Red Cross talks on 22 June"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-1"));

        Assert.Equal(422, reused.Status);
        Assert.True(reused.IsProblem);
        Assert.Equal("idempotency.key-reused", reused.Code);
        Assert.Equal("urn:chronology:problem:idempotency-key-reused", reused.Json!["type"]!.GetValue<string>());
        Assert.Equal(events, (await Api.Events(id)).Count);
    }

    [Fact]
    public async Task The_same_key_on_another_route_is_another_request_and_refused_with_422()
    {
        var id = await Api.CreateRecord();
        const string body = """{"on":"2018-05-24"}""";
        Assert.Equal(200, (await Api.Post($"/records/{id}/announce", body, ApiFixture.EditorKey, ("Idempotency-Key", "k-2"))).Status);

        var other = await Api.Post($"/records/{id}/cancel", body, ApiFixture.EditorKey, ("Idempotency-Key", "k-2"));
        Assert.Equal(422, other.Status);
        Assert.Equal("announced", (await Api.Get($"/records/{id}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keys_are_scoped_per_principal_so_bob_may_use_alices_key_for_his_own_request()
    {
        var id = await Api.CreateRecord();
        var alice = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"alice's outcome"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "shared"));
        var bob = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"bob's outcome"}}""", ApiFixture.SecondEditorKey, ("Idempotency-Key", "shared"));

        Assert.Equal(200, alice.Status);
        Assert.Equal(200, bob.Status);
        Assert.Equal(alice.Revision + 1, bob.Revision);
        var read = (await Api.Get($"/records/{id}")).Json!;
        Assert.Equal(2, read["outcomes"]!.AsArray().Count);
        Assert.Equal("bob", read["lastEditor"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_key_is_kept_in_PostgreSQL_as_a_receipt_and_in_the_events_metadata()
    {
        var id = await Api.CreateRecord();
        var answer = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "stored-key"));

        await using var session = Api.Host.DocumentStore().QuerySession();
        var receipt = await session.LoadAsync<EditReceipt>(EditReceipt.IdFor("principal:alice", "stored-key"));
        Assert.NotNull(receipt);
        Assert.Equal(id, receipt.RecordId);
        Assert.Equal(answer.Revision, receipt.Revision);
        Assert.NotNull(receipt.ExpiresAt);
        Assert.Equal("stored-key", (await Api.Events(id)).Last().Headers![EditHeaders.IdempotencyKey].ToString());
    }

    [Fact]
    public async Task A_refused_command_stores_no_receipt_so_the_key_may_be_used_again()
    {
        var id = await Api.CreateRecord();
        var refused = await Api.Post($"/records/{id}/reinstate", """{"on":"2018-06-01"}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-3"));
        Assert.Equal(409, refused.Status);

        var accepted = await Api.Post($"/records/{id}/announce", """{"on":"2018-06-01"}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-3"));
        Assert.Equal(200, accepted.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_key_is_refused_with_400_rather_than_ignored(string key)
    {
        var id = await Api.CreateRecord();

        // Through Alba rather than HttpClient, which leaves out a header whose value is empty.
        var answer = await Api.Host.Scenario(request =>
        {
            request.Post.Json(new { text = new { en = "talks" } }).ToUrl($"/records/{id}/outcomes");
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.EditorKey}");
            request.WithRequestHeader("Idempotency-Key", key);
            request.StatusCodeShouldBe(400);
            request.ContentTypeShouldBe("application/problem+json");
        });

        Assert.Equal("request.idempotency-key", (await answer.ReadAsJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Single(await Api.Events(id));
    }

    [Theory]
    [InlineData(201)]
    [InlineData(1)]
    public async Task An_overlong_or_unprintable_key_is_refused_with_400(int length)
    {
        var id = await Api.CreateRecord();
        var key = length == 1 ? "\u0007" : new string('k', length);
        var answer = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.EditorKey, ("Idempotency-Key", key));

        Assert.Equal(400, answer.Status);
        Assert.Equal("request.idempotency-key", answer.Code);
    }
}

/// <summary>A host whose clock the test moves, with idempotency keys that live one hour.</summary>
public sealed class ExpiringKeysFixture : ApiFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2018, 5, 24, 0, 0, 0, TimeSpan.Zero));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Idempotency:KeyLifetime"] = "01:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

[CollectionDefinition(Name)]
public sealed class ExpiringKeysCollection : ICollectionFixture<ExpiringKeysFixture>
{
    public const string Name = "expiring idempotency keys";
}

[Collection(ExpiringKeysCollection.Name)]
public sealed class IdempotencyExpiryTests(ExpiringKeysFixture api) : FixtureTest<ExpiringKeysFixture>(api)
{
    [Fact]
    public async Task A_receipt_expires_after_the_configured_lifetime()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"first"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "hourly"));

        await using var session = Api.Host.DocumentStore().QuerySession();
        var receipt = await session.LoadAsync<EditReceipt>(EditReceipt.IdFor("principal:alice", "hourly"));
        Assert.Equal(Api.Clock.GetUtcNow() + TimeSpan.FromHours(1), receipt!.ExpiresAt);
    }

    [Fact]
    public async Task Within_the_lifetime_the_key_still_refuses_another_body()
    {
        var id = await Api.CreateRecord();
        await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"first"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-59"));
        Api.Clock.Advance(TimeSpan.FromMinutes(59));

        var reused = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"second"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-59"));
        Assert.Equal(422, reused.Status);
    }

    [Fact]
    public async Task After_the_lifetime_the_same_key_with_another_body_is_a_new_request()
    {
        var id = await Api.CreateRecord();
        var first = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"first"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-61"));
        Api.Clock.Advance(TimeSpan.FromMinutes(61));

        var again = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"second"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-61"));

        Assert.Equal(200, again.Status);
        Assert.Equal(first.Revision + 1, again.Revision);
        Assert.Equal(2, (await Api.Get($"/records/{id}")).Json!["outcomes"]!.AsArray().Count);

        // The new request's receipt replaces the expired one and lives another hour.
        var retry = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"second"}}""", ApiFixture.EditorKey, ("Idempotency-Key", "k-61"));
        Assert.Equal(again.Revision, retry.Revision);
        Assert.Equal(2, (await Api.Get($"/records/{id}")).Json!["outcomes"]!.AsArray().Count);
    }
}
