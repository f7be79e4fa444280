using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.Logging;

namespace Chronology.Domain.Views;

/// <summary>The daemon's execution of a projection, offering it the replay of <see cref="LoadAheadReplay"/>.</summary>
internal sealed class LoadAheadExecution(
    ShardName shardName, AsyncOptions options, IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database,
    IProjection projection, EventFilterable filtering, ILogger logger)
    : ProjectionExecution<IDocumentOperations, IQuerySession>(shardName, options, store, database, projection, logger)
{
    public override bool TryBuildReplayExecutor(out IReplayExecutor executor)
    {
        executor = new LoadAheadReplay(_shardName, _store.BuildEventLoader(_database, _logger, filtering, _options, _shardName), this, _options);
        return true;
    }
}
