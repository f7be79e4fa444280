using Alba;
using Chronology.Api.Caching;
using Chronology.Api.Queries;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests.Caching;

public static class RevalidationWatch
{
    /// <summary>
    /// Waits for the projections, then for the API's watch of the records view to have seen the view as it stands: from
    /// then on no tag the view no longer holds is answered 304 from memory. (The wait is on the watch's own state, so
    /// a slow machine makes it longer, never wrong.)
    /// </summary>
    public static async Task WaitForRevalidationWatch(this IAlbaHost host)
    {
        if (await host.DocumentStore().Advanced.FetchEventStoreStatistics() is { EventCount: > 0 })
            await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var (_, sequence) = await host.Services.GetRequiredService<ViewReader>().CurrentRecordsProgress(CancellationToken.None);
        var watch = host.Services.GetRequiredService<RecordsViewWatch>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (watch.SeenSequence < sequence)
            await Task.Delay(TimeSpan.FromMilliseconds(20), patience.Token);
    }
}
