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
                session.DeleteWhere<RevisionView>(revision => revision.ModifiedBefore(rebuildStarted));
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
}
