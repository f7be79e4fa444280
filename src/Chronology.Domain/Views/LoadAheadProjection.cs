using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.Events.Subscriptions;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.Logging;

namespace Chronology.Domain.Views;

/// <summary>
/// Registers a projection whose replays (a rebuild, a first catch-up from nothing) read the next page of events while
/// the one before is applied and committed (<see cref="LoadAheadReplay"/>). The daemon's own replay of a projection that
/// is not an aggregation reads a page only after the one before is committed, so a rebuild alternated between the
/// database (reading, then writing) and the worker (folding) and each idled while the other worked (bench/README.md,
/// rounds 7 and 9). Everything else — the live agent, batches, progression, skipping — is the daemon's, unchanged.
/// </summary>
public sealed class LoadAheadProjection(IProjection projection) : ProjectionWrapper<IDocumentOperations, IQuerySession>(projection, ProjectionLifecycle.Async),
    ISubscriptionFactory<IDocumentOperations, IQuerySession>
{
    public new ISubscriptionExecution BuildExecution(
        IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database, ILoggerFactory loggerFactory, ShardName shardName) =>
        BuildExecution(store, database, loggerFactory.CreateLogger(projection.GetType()), shardName);

    public new ISubscriptionExecution BuildExecution(
        IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database, ILogger logger, ShardName shardName) =>
        new LoadAheadExecution(shardName, Options, store, database, projection, this, logger);
}
