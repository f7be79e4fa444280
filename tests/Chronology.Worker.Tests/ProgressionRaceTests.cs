using System.Text.Json.Nodes;
using Chronology.Domain.Log;
using Chronology.Domain.Views;
using JasperFx;
using JasperFx.Core;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Chronology.Worker.Tests;

public sealed class ProgressionRaceFixture : WorkerFixture;

/// <summary>
/// Two workers ran the same projection for a moment (a CI run's fault suite: a dead worker's projections started on two
/// survivors before the assignments settled); the copy that commits second finds the stored position moved, JasperFx stops
/// it, and Wolverine leaves it stopped for good. The test leaves the stored position as another copy would have, then edits:
/// the batch of that edit meets the race.
/// </summary>
public sealed class ProgressionRaceTests(ProgressionRaceFixture chronology) : IClassFixture<ProgressionRaceFixture>
{
    [Fact]
    public async Task A_view_stopped_because_another_copy_moved_its_position_runs_on_and_the_worker_is_healthy()
    {
        var record = await ProjectedRecord("2018 US–DPRK summit", "a joint statement");

        // What this copy finds when another copy committed in between: its stored position is not the one it last wrote.
        // Moved back to the record's creation rather than ahead (another copy would also have folded the events it moved
        // past): the view then meets the outcome's event again, and must not fold it in twice.
        await MoveStoredPosition("records:All", to: 1);
        await chronology.Edit($"/records/{record}/outcomes", """{"text":{"en":"a summit held"}}""");

        await WorkerFixture.Eventually(async () =>
        {
            await using var session = chronology.Store.QuerySession();
            return (await session.LoadAsync<CurrentRecord>(record))?.Revision == 3;
        }, "the edit after the race reached the records view");
        var runtime = chronology.Worker.Services.GetRequiredService<IWolverineRuntime>();
        var uri = runtime.Agents.AllRunningAgentUris().Single(uri => uri.AbsolutePath.EndsWith("/records/all", StringComparison.OrdinalIgnoreCase));
        Assert.True(runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(uri, out var agent) && agent.Status == AgentStatus.Running,
            "the records view's agent does not run");
        await WorkerFixture.Eventually(async () => (await chronology.Get("/health")).Json!["status"]!.GetValue<string>() == "Healthy",
            "/health healthy again");
        // And the race did happen: the view stopped on the moved position and was started again.
        Assert.Contains(chronology.LoggedProblems, problem =>
            problem.Level == LogLevel.Warning && problem.Message.Contains("records/all stopped because another worker moved its stored position"));
    }

    /// <summary>
    /// The views that write their rows with statements of their own return no rows to Marten, which then counted their rows
    /// as the position's: the batch that met the race was committed without its position, the view went on from a position
    /// never stored, and the stored one stood still under a running view (the log, in a CI run's fault suite). The batch
    /// must fail instead, and the view go on from the stored position.
    /// </summary>
    [Theory]
    [InlineData(RevisionsProjection.ProjectionName)]
    [InlineData(ChangeFeedProjection.ProjectionName)]
    [InlineData(TransparencyLogProjection.ProjectionName)]
    public async Task A_view_written_by_statements_of_its_own_commits_no_batch_whose_position_another_copy_moved(string view)
    {
        var record = await ProjectedRecord("2019 Hanoi summit", "talks cut short");

        await MoveStoredPosition($"{view}:All", to: 1);
        await chronology.Edit($"/records/{record}/outcomes", """{"text":{"en":"no agreement"}}""");

        await WorkerFixture.Eventually(async () => await StoredPosition($"{view}:All") == await LastEvent(),
            $"the {view} view's stored position reached the last event");
        Assert.Contains(chronology.LoggedProblems, problem =>
            problem.Level == LogLevel.Warning && problem.Message.Contains($"{view}/all stopped because another worker moved its stored position"));
    }

    /// <summary>A record of two revisions, both in every view.</summary>
    private async Task<Guid> ProjectedRecord(string title, string outcome)
    {
        var record = Guid.Parse(await chronology.Edit("/records", new JsonObject
        {
            ["kind"] = "summit", ["title"] = new JsonObject { ["en"] = title },
        }.ToJsonString()));
        await chronology.Edit($"/records/{record}/outcomes", new JsonObject { ["text"] = new JsonObject { ["en"] = outcome } }.ToJsonString());
        await chronology.Worker.WaitForNonStaleProjectionDataAsync(1.Minutes());
        return record;
    }

    private async Task<long> StoredPosition(string shard) =>
        await Scalar($"select last_seq_id from {chronology.Schema}.mt_event_progression where name = '{shard}'");

    private async Task<long> LastEvent() => await Scalar($"select max(seq_id) from {chronology.Schema}.mt_events");

    private async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(chronology.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task MoveStoredPosition(string shard, long to)
    {
        await using var connection = new NpgsqlConnection(chronology.Connection);
        await connection.OpenAsync();
        await using var move = new NpgsqlCommand($"update {chronology.Schema}.mt_event_progression set last_seq_id = @to where name = @shard", connection);
        move.Parameters.AddWithValue("to", to);
        move.Parameters.AddWithValue("shard", shard);
        Assert.Equal(1, await move.ExecuteNonQueryAsync());
    }
}
