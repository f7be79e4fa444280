using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;

namespace Chronology.Domain.Views;

/// <summary>
/// Replays a projection up to the daemon's high water mark, page by page as the daemon does — each page applied and
/// committed through the projection's own execution, which writes the progression and skips or stops on a bad event
/// by the daemon's rules — but with the next page's read started before this page is applied, so that the database
/// reads while the worker folds. (JasperFx's single-pass replay of composite projections is the same loop, one page at a time.)
/// </summary>
internal sealed class LoadAheadReplay(ShardName shardName, IEventLoader loader, ISubscriptionExecution execution, AsyncOptions options) : IReplayExecutor
{
    public async Task StartAsync(SubscriptionExecutionRequest request, ISubscriptionController controller, CancellationToken cancellation)
    {
        var agent = (ISubscriptionAgent)controller;
        execution.Mode = request.Mode;
        // The mark the daemon computed for this replay, which waits for slower transactions' gaps: not the highest
        // sequence number handed out, which could pass over an event still being committed.
        var ceiling = request.StartingHighWater ?? request.Runtime.HighWaterMark();
        if (ceiling <= request.Floor)
        {
            await controller.MarkSuccessAsync(ceiling);
            return;
        }

        var reading = Read(request.Floor);
        while (reading is not null)
        {
            var page = await reading;
            // A page shorter than a batch reaches the ceiling (its ceiling is the mark): nothing is left to read.
            reading = page.Count > 0 && page.Ceiling < ceiling ? Read(page.Ceiling) : null;
            await execution.ProcessRangeAsync(new EventRange(agent, page.Floor, page.Count == 0 ? ceiling : page.Ceiling) { Events = page });
            if (agent.Status != AgentStatus.Running)
            {
                if (reading is not null) await Task.WhenAny(reading);
                throw new InvalidOperationException(
                    $"The replay of {shardName.Identity} stopped in the events after {page.Floor}: {agent.Failure?.Detail ?? agent.Status.ToString()}");
            }
        }

        async Task<EventPage> Read(long floor)
        {
            var page = await loader.LoadAsync(new EventRequest
            {
                Floor = floor, HighWater = ceiling, BatchSize = options.BatchSize, Name = shardName,
                ErrorOptions = request.ErrorHandling, Runtime = request.Runtime, Metrics = agent.Metrics
            }, cancellation);
            page.HighWaterMark = ceiling;
            return page;
        }
    }
}
