using Chronology.Api.Queries;
using Chronology.Domain.Views;

namespace Chronology.Api.Records.Reading;

/// <summary>The state of a record a read asks for (<see cref="TimeTravel"/>): a past revision or instant, or now.</summary>
public static class RecordVersions
{
    private static readonly TimeSpan ReadYourWritesWait = TimeSpan.FromSeconds(1);

    public static async Task<CurrentRecord?> Read(Guid id, TimeTravel query, ViewReader views, TimeProvider clock, CancellationToken cancellation) =>
        query.Revision is not null || query.KnownAt is not null
            ? await views.Past(id, query.Revision, query.KnownAt, cancellation)
            : await Now(id, query.MinRevision, views, clock, cancellation);

    private static async Task<CurrentRecord?> Now(Guid id, int? minRevision, ViewReader views, TimeProvider clock, CancellationToken cancellation)
    {
        var current = await views.Current(id, cancellation);
        if (minRevision is not { } wanted || (current?.Revision ?? 0) >= wanted) return current;

        // Read-your-writes: wait briefly for the worker, then fold the stream here rather than answer older.
        var deadline = clock.GetUtcNow() + ReadYourWritesWait;
        while (clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, cancellation);
            if (await views.Current(id, cancellation) is { } projected && projected.Revision >= wanted) return projected;
        }
        return await views.Live(id, _ => true, cancellation);
    }
}
