using Alba;
using Chronology.Api.Tests.Telemetry;

namespace Chronology.Api.Tests.Replicas;

/// <summary>/metrics counts reads by the server they were sent to, which cluster-check.sh reports per API.</summary>
[Collection(StandbyCollection.Name)]
public sealed class ReadsByServerTests(StandbyFixture api) : FixtureTest<StandbyFixture>(api)
{
    [Fact]
    public async Task A_read_counts_as_a_standby_read_and_a_minRevision_read_as_a_primary_read()
    {
        var id = await Api.CreateRecord();
        var before = await Scrape();

        await Read($"/records/{id}?minRevision=1");
        var afterPrimaryRead = await Eventually(async () => await Scrape() is var metrics && Reads(metrics, "primary") > Reads(before, "primary") ? metrics : null,
            "the minRevision read was not counted as a primary read");

        await Api.ReadOnceReplayed($"/records/{id}/history");
        await Eventually(async () => await Scrape() is var metrics && Reads(metrics, "standby") > Reads(afterPrimaryRead, "standby") ? metrics : null,
            "the history read was not counted as a standby read");
    }

    /// <summary>The exporter answers a scrape from a copy it keeps for a moment, so a count shows up on a later scrape.</summary>
    private static async Task<PrometheusText> Eventually(Func<Task<PrometheusText?>> attempt, string failure)
    {
        for (var tries = 0; tries < 50; tries++)
        {
            if (await attempt() is { } metrics) return metrics;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException(failure);
    }

    private static double Reads(PrometheusText metrics, string server) => metrics.Value("chronology_reads_total", ("server", server)) ?? 0;

    private Task Read(string url) => Api.Host.Scenario(request =>
    {
        request.Get.Url(url);
        request.StatusCodeShouldBeOk();
    });

    private async Task<PrometheusText> Scrape()
    {
        var answer = await Api.Host.Scenario(request =>
        {
            request.Get.Url("/metrics");
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.AdminKey}");
        });
        return new PrometheusText(await answer.ReadAsTextAsync());
    }
}
