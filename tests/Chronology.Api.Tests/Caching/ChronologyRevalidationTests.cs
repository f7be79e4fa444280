using Chronology.Api.Tests.Chronologies;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Tests.Caching;

/// <summary>Each chronology is a database of its own: the API remembers and forgets its records' tags by watching its view.</summary>
[Collection(ShardCollection.Name)]
public sealed class ChronologyRevalidationTests(ShardFixture api) : FixtureTest<ShardFixture>(api)
{
    private const string Korea = "/chronologies/" + ShardFixture.Korea;

    private async Task<Response> Revalidate(string url, string tag)
    {
        await Api.Host.WaitForRevalidationWatch(ShardFixture.Korea);
        return await Api.Send(HttpMethod.Get, url, (string?)null, ApiFixture.ReaderKey, headers: (HeaderNames.IfNoneMatch, $"\"{tag}\""));
    }

    [Fact]
    public async Task An_edit_in_a_chronology_on_another_server_makes_its_old_tag_get_200()
    {
        var created = await Api.Post($"{Korea}/records", """{"kind":"summit","title":{"en":"Panmunjom summit"}}""");
        Assert.Equal(201, created.Status);
        var url = $"{Korea}/records/{created.Id}";
        Assert.Equal(304, (await Revalidate(url, "1")).Status);
        Assert.Equal(304, (await Revalidate(url, "1")).Status);

        Assert.Equal(200, (await Api.Post($"{url}/outcomes", """{"text":{"en":"Panmunjom Declaration"}}""")).Status);

        var afresh = await Revalidate(url, "1");
        Assert.Equal(200, afresh.Status);
        Assert.Equal("2", afresh.ETag);
        Assert.Equal(304, (await Revalidate(url, "2")).Status);
    }
}
