using Chronology.Api.History;
using Chronology.Domain.Log;
using Marten;

namespace Chronology.Api.Log;

/// <summary>Where each revision of a history page stands in the transparency log.</summary>
public static class LogIndexes
{
    public static async Task<List<HistoryItem>> Attach(IQuerySession session, Guid recordId, List<HistoryItem> items, CancellationToken cancellation)
    {
        var revisions = items.Select(item => item.Revision).ToArray();
        var indexes = (await session.Query<LogEntry>().Where(entry => entry.RecordId == recordId && revisions.Contains(entry.Revision))
                .Select(entry => new { entry.Revision, entry.Index }).ToListAsync(cancellation))
            .ToDictionary(entry => entry.Revision, entry => entry.Index);
        return [.. items.Select(item => item with { LogIndex = indexes.TryGetValue(item.Revision, out var index) ? index : null })];
    }
}
