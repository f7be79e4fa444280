using Chronology.Domain.Records.Editing;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chronology.Domain.Records;

/// <summary>
/// Keeps the write state of every record up to date in the same transaction as its events, so a command
/// loads it in one read whatever the length of the stream.
/// </summary>
public sealed partial class RecordSnapshotProjection : SingleStreamProjection<Record, Guid>
{
    public override Task EnrichEventsAsync(JasperFx.Events.Grouping.SliceGroup<Record, Guid> group, Marten.IQuerySession querySession, CancellationToken cancellation) =>
        PersonalData.PersonalValues.Resolve(querySession, group.Slices.SelectMany(slice => slice.Events()), cancellation);

    public override Record? Evolve(Record? snapshot, Guid id, IEvent e) =>
        Views.RecordEvents.Applies(e) ? EventMetadata.Fold(snapshot, e) : snapshot;
}
