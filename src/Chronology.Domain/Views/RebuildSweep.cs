using Marten;
using Marten.Linq.LastModified;

namespace Chronology.Domain.Views;

/// <summary>
/// A rebuild in place writes every document its projection still derives from the events; one it did not write again
/// since the rebuild began stands for nothing any more (say, a revision whose only event was skipped since) and goes.
/// </summary>
public static class RebuildSweep
{
    public static void QueueFor(IDocumentSession session, string projection, DateTimeOffset rebuildStarted)
    {
        switch (projection)
        {
            case CurrentRecordProjection.ProjectionName:
                session.DeleteWhere<CurrentRecord>(record => record.ModifiedBefore(rebuildStarted));
                break;
            case RevisionsProjection.ProjectionName:
                SweepRevisions(session, rebuildStarted);
                break;
            case ChangeFeedProjection.ProjectionName:
                session.DeleteWhere<ChangeFeedEntry>(entry => entry.ModifiedBefore(rebuildStarted));
                break;
            case Log.TransparencyLogProjection.ProjectionName:
                // Nothing to sweep: rebuilding the log compares each entry with the stored one and writes none.
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(projection), projection, "not a projection of the chronology");
        }
    }

    /// <summary>
    /// The revisions projection leaves a revision it derived exactly as stored untouched (<see cref="DocumentRows"/>), so
    /// "not written since the rebuild began" does not mean "not derived any more" there. A revision is derived from its
    /// events, <see cref="RevisionView.FirstSequence"/> to <see cref="RevisionView.LastSequence"/> (contiguous in its
    /// record's stream), as long as one of them is not skipped: one untouched by the rebuild whose events are all skipped
    /// since stands for nothing and goes. Only records with a skipped event can have such a revision.
    /// </summary>
    private static void SweepRevisions(IDocumentSession session, DateTimeOffset rebuildStarted)
    {
        var options = session.DocumentStore.Options;
        var revisions = options.FindOrResolveDocumentType(typeof(RevisionView)).TableName.QualifiedName;
        var events = $"{options.Events.DatabaseSchemaName}.mt_events";
        session.QueueSqlCommand(
            $"""
             delete from {revisions} as revision
             where revision.mt_last_modified < ?
               and revision.record_id in (select skipped.stream_id from {events} as skipped where skipped.is_skipped)
               and not exists (select 1 from {events} as e
                               where e.stream_id = revision.record_id and not e.is_skipped
                                 and e.seq_id between (revision.data ->> 'firstSequence')::bigint and (revision.data ->> 'lastSequence')::bigint)
             """,
            rebuildStarted);
    }
}
