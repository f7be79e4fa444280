using Chronology.Domain.Imports;
using Chronology.Domain.Operations;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Runtime;

namespace Chronology.Worker.Tests;

public sealed class JobTimeoutFixture : WorkerFixture;

/// <summary>Jobs are not cut short by Wolverine's 60 s handler timeout: a long import or rebuild runs to its end.</summary>
public sealed class JobTimeoutTests(JobTimeoutFixture chronology) : IClassFixture<JobTimeoutFixture>
{
    [Fact]
    public void Every_job_may_run_for_two_hours()
    {
        var handlers = ((WolverineRuntime)chronology.Worker.Services.GetRequiredService<IWolverineRuntime>()).Handlers;
        foreach (var job in new[] { typeof(RunImport), typeof(RebuildProjection), typeof(RecoverProjection) })
            Assert.Equal(7200, handlers.ChainFor(job)!.ExecutionTimeoutInSeconds);
    }
}
