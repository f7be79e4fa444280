namespace Chronology.Api.Tests;

/// <summary>A host that allows each principal three requests a minute.</summary>
public sealed class RateLimitedFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimit:PermitsPerMinute"] = "3",
    };
}

[CollectionDefinition(Name)]
public sealed class RateLimitedCollection : ICollectionFixture<RateLimitedFixture>
{
    public const string Name = "rate limited";
}

/// <summary>The limiter's windows outlive a data reset, so each test here spends a different principal's budget.</summary>
[Collection(RateLimitedCollection.Name)]
public sealed class RateLimitTests(RateLimitedFixture api) : FixtureTest<RateLimitedFixture>(api)
{
    [Fact]
    public async Task The_fourth_request_by_one_principal_is_a_429_problem_with_Retry_After_and_others_are_not_limited()
    {
        var id = await Api.CreateRecord();                               // alice: 1
        await Api.Post($"/records/{id}/announce", """{"on":"2018-03-08"}""");  // alice: 2
        Assert.Equal(200, (await Api.Get($"/records/{id}", ApiFixture.EditorKey)).Status); // alice: 3

        var limited = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""");
        Assert.Equal(429, limited.Status);
        Assert.True(limited.IsProblem, limited.Text);
        Assert.Equal("request.rate-limited", limited.Code);
        Assert.NotNull(limited.RetryAfter);
        Assert.True(limited.RetryAfter > TimeSpan.Zero);

        var bob = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"talks"}}""", ApiFixture.SecondEditorKey);
        Assert.Equal(200, bob.Status);
        Assert.Equal(3, bob.Revision);
        Assert.Equal(200, (await Api.Get($"/records/{id}", ApiFixture.ReaderKey)).Status);
    }
}
