using System.Text.Json.Nodes;
using Alba;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests.Telemetry;

/// <summary>A host running the daemon whose high-water check reports a mark stuck for a second.</summary>
public sealed class HighWaterFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Health:HighWaterStaleAfter"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class HighWaterCollection : ICollectionFixture<HighWaterFixture>
{
    public const string Name = "high water mark stalls";
}

[Collection(HighWaterCollection.Name)]
public sealed class HighWaterHealthTests(HighWaterFixture api) : FixtureTest<HighWaterFixture>(api)
{
    [Fact]
    public async Task A_stalled_high_water_mark_degrades_health_and_leaves_the_api_ready()
    {
        await Api.CreateRecord();
        await Api.Get("/records");
        Assert.Equal("Healthy", (await HighWater())["status"]!.GetValue<string>());

        // The daemon stops (as when its host hangs) while edits go on: the mark stays behind the stored events.
        var coordinator = Api.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            await Api.CreateRecord();
            await Api.CreateRecord("2018年板門店宣言", "Panmunjom Declaration");

            JsonNode check = await HighWater();
            for (var tries = 0; tries < 100 && check["status"]!.GetValue<string>() == "Healthy"; tries++)
            {
                await Task.Delay(100);
                check = await HighWater();
            }
            Assert.Equal("Degraded", check["status"]!.GetValue<string>());
            Assert.Contains("high-water mark", check["description"]!.GetValue<string>());
            await Api.Host.Scenario(request =>
            {
                request.Get.Url("/health/ready");
                request.StatusCodeShouldBeOk();
            });
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
    }

    private async Task<JsonNode> HighWater()
    {
        var health = await Api.Host.Scenario(request =>
        {
            request.Get.Url("/health");
            request.IgnoreStatusCode();
        });
        var report = (await health.ReadAsJsonAsync<JsonObject>())!;
        return report["checks"]!.AsArray().Single(check => check!["name"]!.GetValue<string>() == "high-water-mark")!;
    }
}
