using Chronology.Tests.Shared;
using Npgsql;

namespace Chronology.Api.Tests.Chronologies;

/// <summary>A host of its own: the projections it stops stay stopped, which the other chronology tests should not see.</summary>
public sealed class FaultedChronologyFixture : ShardFixture;

[CollectionDefinition(Name)]
public sealed class FaultedChronologyCollection : ICollectionFixture<FaultedChronologyFixture>
{
    public const string Name = "a faulted chronology";
}

[Collection(FaultedChronologyCollection.Name)]
public sealed class ChronologyFaultTests(FaultedChronologyFixture api) : FixtureTest<FaultedChronologyFixture>(api)
{
    [Fact]
    public async Task A_projection_stopped_in_one_chronology_shows_there_and_in_health_named_with_its_chronology_while_the_others_run()
    {
        var vienna = (await Api.Post($"/chronologies/{ShardFixture.Iran}/records", """{"kind":"talks","title":{"en":"Vienna talks on the JCPOA"}}""")).Id;
        var summit = (await Api.Post($"/chronologies/{ShardFixture.Korea}/records", """{"kind":"summit","title":{"en":"2018 US–DPRK summit"}}""")).Id;
        await Api.CaughtUp();
        long badSequence;
        await using (var iran = new NpgsqlConnection(Api.IranDatabase))
        {
            await iran.OpenAsync();
            badSequence = await EventBehindTheApi.AppendWithoutRevision(iran, Api.Schema, vienna);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Projections(ShardFixture.Iran)).Any(item => item["state"]!.GetValue<string>() != "faulted"))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("iran-talks' projections did not all report faulted");
            await Task.Delay(200);
        }
        Assert.All(await Projections(ShardFixture.Korea), item => Assert.Equal("running", item["state"]!.GetValue<string>()));
        Assert.Equal(200, (await Api.Send(HttpMethod.Get, $"/chronologies/{ShardFixture.Korea}/records/{summit}", (string?)null)).Status);

        var health = await Api.Send(HttpMethod.Get, "/health", (string?)null);
        Assert.Equal("Degraded", health.Json!["status"]!.GetValue<string>());
        var views = health.Json["checks"]!.AsArray().Single(check => check!["name"]!.GetValue<string>() == "projections")!["description"]!.GetValue<string>();
        Assert.Contains($"{ShardFixture.Iran}: records is faulted at event {badSequence} (title_revised.v1)", views);
        Assert.DoesNotContain(ShardFixture.Korea, views);

        // The skip an admin asks for is the chronology's job, at the chronology's URL.
        var skip = await Api.Post($"/chronologies/{ShardFixture.Iran}/admin/projections/records/skip",
            $$"""{"sequence":{{badSequence}},"reason":"written behind the API's back"}""", ApiFixture.AdminKey);
        Assert.Equal(202, skip.Status);
        Assert.StartsWith($"/chronologies/{ShardFixture.Iran}/admin/recoveries/", skip.Location);
        Assert.Equal("queued", (await Api.Send(HttpMethod.Get, skip.Location!, (string?)null, ApiFixture.AdminKey)).Json!["state"]!.GetValue<string>());
    }

    private async Task<List<System.Text.Json.Nodes.JsonNode>> Projections(string chronology) =>
        (await Api.Send(HttpMethod.Get, $"/chronologies/{chronology}/admin/projections", (string?)null, ApiFixture.AdminKey)).Json!["items"]!
        .AsArray().Select(item => item!).ToList();
}
