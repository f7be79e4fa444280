using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests.Caching;

/// <summary>A host of its own: these tests erase values and rebuild the record views under the API's memory of current tags.</summary>
public sealed class RevalidationFixture : ApiFixture
{
    /// <summary>Rebuilds the views records are read from, then lets their live agents run again (as the worker's rebuild does).</summary>
    public async Task RebuildRecordViews()
    {
        var daemon = Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var name in new[] { CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName })
        {
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.StartAgentAsync(new ShardName(name).Identity, CancellationToken.None);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RevalidationCollection : ICollectionFixture<RevalidationFixture>
{
    public const string Name = "revalidation";
}
