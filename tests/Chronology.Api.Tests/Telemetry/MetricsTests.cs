using Alba;

namespace Chronology.Api.Tests.Telemetry;

/// <summary>A host without the daemon: its views never move, so each edit adds to every projection's lag.</summary>
public sealed class StillViewsFixture : ApiFixture
{
    public override bool RunsDaemon => false;
}

/// <remarks>
/// Runs alone, after the parallel collections: OpenTelemetry merges instruments of the same name from every host in the
/// process (each host's ASP.NET Core meter, say) into one metric stream, and the first of those hosts to be disposed ends
/// that stream in every provider, so a host disposed by another collection mid-test would take this host's request
/// histogram out of its scrape for good. One host per process, as in production, never meets it.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StillViewsCollection : ICollectionFixture<StillViewsFixture>
{
    public const string Name = "views that never move";
}

[Collection(StillViewsCollection.Name)]
public sealed partial class MetricsTests(StillViewsFixture api) : FixtureTest<StillViewsFixture>(api)
{
    private const string Schema = "test_stillviewsfixture";

    private static readonly string[] Projections = ["records", "revisions", "changes"];

    [Fact]
    public async Task Edits_move_the_edit_counter_and_each_projections_lag_gauge()
    {
        var before = await Scrape();
        var id = await Api.CreateRecord();
        var revised = await Api.Post($"/records/{id}/outcomes", """{"text":{"en":"a joint statement"}}""");
        Assert.Equal(200, revised.Status);
        await Api.CreateRecord("2018年板門店宣言", "Panmunjom Declaration");

        // The exporter caches a scrape for a moment, and ASP.NET Core records a request's duration only once its answer is
        // sent: the counter is cumulative, so ask until the new figures and the server's request histogram show.
        var after = await Eventually(async () => await Scrape() is var text && Edits(text, "created") == Edits(before, "created") + 2 &&
                                                  text.Contains("http_server_request_duration_seconds") ? text : null);
        Assert.Equal(Edits(before, "revised") + 1, Edits(after, "revised"));
        var stored = (await Api.Events(id)).Count + 1;
        foreach (var projection in Projections)
        {
            var lag = new PrometheusText(after).Value("chronology_projection_lag", ("projection", projection), ("schema", Schema));
            Assert.True(lag is not null, $"no lag gauge for {projection}:\n{after}");
            Assert.True(lag >= (new PrometheusText(before).Value("chronology_projection_lag", ("projection", projection), ("schema", Schema)) ?? 0) + stored,
                $"the lag of {projection} did not grow by the {stored} events appended: {lag}");
        }
        // The libraries' own meters are exported too.
        Assert.Contains("marten_event_append", after);
        Assert.Contains("http_server_request_duration_seconds", after);
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData(ApiFixture.EditorKey, 403)]
    [InlineData(ApiFixture.ReaderKey, 403)]
    public async Task Metrics_need_the_admin_key(string? key, int status) =>
        await Api.Host.Scenario(request =>
        {
            request.Get.Url("/metrics");
            if (key is not null) request.WithRequestHeader("Authorization", $"Bearer {key}");
            request.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task Marten_high_water_check_is_part_of_health_but_not_of_readiness()
    {
        var health = await Api.Host.Scenario(request =>
        {
            request.Get.Url("/health");
            request.StatusCodeShouldBeOk();
        });
        Assert.Contains("\"high-water-mark\"", await health.ReadAsTextAsync());
        // Readiness only asks PostgreSQL: a stalled view must not take this API out of the load balancer.
        await Api.Host.Scenario(request =>
        {
            request.Get.Url("/health/ready");
            request.StatusCodeShouldBeOk();
        });
    }

    private static double Edits(string text, string kind) => new PrometheusText(text).Value("chronology_edits_total", ("kind", kind), ("schema", Schema)) ?? 0;

    private async Task<string> Scrape()
    {
        var answer = await Api.Host.Scenario(request =>
        {
            request.Get.Url("/metrics");
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.AdminKey}");
            request.StatusCodeShouldBeOk();
        });
        return await answer.ReadAsTextAsync();
    }

    private static async Task<string> Eventually(Func<Task<string?>> attempt)
    {
        for (var tries = 0; tries < 50; tries++)
        {
            if (await attempt() is { } done) return done;
            await Task.Delay(100);
        }
        return await attempt() ?? throw new Xunit.Sdk.XunitException("the scraped metrics never showed the edits");
    }
}
