using Alba;
using Chronology.Api.Caching;
using Chronology.Api.Queries;
using Chronology.Domain.Chronologies;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests.Caching;

public static class RevalidationWatch
{
    /// <summary>
    /// Waits for the projections of a chronology (the default one when none is named), then for the API's watch of its
    /// records view to have seen the view as it stands: from then on no tag the view no longer holds is answered 304 from
    /// memory. (The wait is on the watch's own state, so a slow machine makes it longer, never wrong.)
    /// </summary>
    public static async Task WaitForRevalidationWatch(this IAlbaHost host, string? chronology = null)
    {
        var store = host.DocumentStore();
        if (chronology is null && await store.Advanced.FetchEventStoreStatistics() is { EventCount: > 0 })
            await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        if (chronology is not null && await store.Advanced.FetchEventStoreStatistics(chronology) is { EventCount: > 0 })
            await (await store.Storage.FindOrCreateDatabase(chronology)).WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        using var scope = ChronologyScope.Enter(chronology);
        var (_, sequence) = await host.Services.GetRequiredService<ViewReader>().CurrentRecordsProgress(CancellationToken.None);
        var watch = host.Services.GetRequiredService<RecordsViewWatch>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (watch.Seen(ChronologyScope.Name) < sequence)
            await Task.Delay(TimeSpan.FromMilliseconds(20), patience.Token);
    }
}
