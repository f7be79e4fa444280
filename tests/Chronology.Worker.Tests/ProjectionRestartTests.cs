using Chronology.Worker.Cluster;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Configuration;
using Wolverine;

namespace Chronology.Worker.Tests;

/// <summary>Which failures Wolverine restarts a projection after, as the worker configures it (the storm itself: Faults' Connections_dropped_over_and_over…).</summary>
public sealed class ProjectionRestartTests
{
    [Fact]
    public void A_projection_stopped_by_a_cancelled_operation_is_restarted_and_one_stopped_by_a_broken_query_is_not()
    {
        var options = new WolverineOptions().DistributeProjections(new ConfigurationBuilder().Build());

        // What Npgsql threw while it opened a connection during the cuts: the changes view stayed stopped for good.
        Assert.True(ShardFailure.For(new TaskCanceledException("A task was canceled."), DateTimeOffset.UtcNow).IsTransient);
        // A failure that would recur at every restart still waits for an operator.
        Assert.False(ShardFailure.For(new InvalidOperationException("column \"x\" does not exist"), DateTimeOffset.UtcNow).IsTransient);
        // And between restarts a view waits 5 s at most (Wolverine's default: up to 5 minutes).
        Assert.Equal(TimeSpan.FromSeconds(5), options.Durability.TransientFailureRestartMaxBackoff);
    }
}
