using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Chronology.Api.Tests;

/// <summary>The change feed as Server-Sent Events, read as a browser's EventSource would while edits are written.</summary>
public sealed class ChangeStreamTests(ApiFixture api) : ApiTest(api)
{
    [Fact]
    public async Task The_stream_delivers_changes_in_order_and_resumes_after_Last_Event_ID()
    {
        var id = await Api.CreateRecord();
        await Api.Get($"/records/{id}"); // the creation is projected before the stream opens: a new subscriber starts after it

        List<(long Id, JsonNode Data)> seen;
        await using (var stream = await Open(lastEventId: null))
        {
            await Edit($"/records/{id}/announce", """{"on":"2018-03-08","comment":"announced"}""");
            await Edit($"/records/{id}/schedule", """{"on":"2018-05-10","start":"2018-06-12"}""");
            await Edit($"/records/{id}/cancel", """{"on":"2018-05-24","comment":"letter"}""");
            seen = await stream.Read(3);
        }

        Assert.Equal([2, 3, 4], seen.Select(e => e.Data["revision"]!.GetValue<int>()));
        Assert.Equal(seen.Select(e => e.Id).Order(), seen.Select(e => e.Id));
        Assert.All(seen, e => Assert.Equal(e.Id, e.Data["position"]!.GetValue<long>()));
        Assert.All(seen, e => Assert.Equal(id.ToString(), e.Data["recordId"]!.GetValue<string>()));
        Assert.Equal("announced", seen[0].Data["comment"]!.GetValue<string>());
        Assert.Equal("meeting_cancelled.v1", seen[2].Data["eventTypes"]![0]!.GetValue<string>());
        Assert.Equal("alice", seen[2].Data["editor"]!.GetValue<string>());

        // Reconnecting with the first event's id replays what came after it, then goes on with new changes.
        await using (var resumed = await Open(lastEventId: seen[0].Id))
        {
            var replayed = await resumed.Read(2);
            Assert.Equal(seen.Skip(1).Select(e => e.Id), replayed.Select(e => e.Id));
            await Edit($"/records/{id}/reinstate", """{"on":"2018-06-01"}""");
            var next = await resumed.Read(1);
            Assert.Equal(5, next[0].Data["revision"]!.GetValue<int>());
            Assert.True(next[0].Id > seen[^1].Id);
        }
    }

    private async Task Edit(string url, string body) => Assert.Equal(200, (await Api.Post(url, body)).Status);

    private async Task<EventStream> Open(long? lastEventId)
    {
        // An HttpClient, not an Alba scenario: a scenario answers once the response is complete, and this one never completes.
        var client = Api.Host.Server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/changes/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } last) request.Headers.Add("Last-Event-ID", last.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(": connected", await reader.ReadLineAsync(timeout.Token));
        return new EventStream(client, response, reader);
    }

    private sealed class EventStream(HttpClient client, HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
    {
        /// <summary>The next <paramref name="count"/> events (comments and heartbeats skipped); fails rather than hangs.</summary>
        public async Task<List<(long Id, JsonNode Data)>> Read(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var events = new List<(long, JsonNode)>();
            long? id = null;
            string? data = null;
            while (events.Count < count)
            {
                var line = await reader.ReadLineAsync(timeout.Token)
                    ?? throw new Xunit.Sdk.XunitException($"The stream ended after {events.Count} of {count} events.");
                if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..]);
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                else if (line.Length == 0 && data is not null)
                {
                    Assert.NotNull(id);
                    events.Add((id!.Value, JsonNode.Parse(data)!));
                    (id, data) = (null, null);
                }
            }
            return events;
        }

        public ValueTask DisposeAsync()
        {
            reader.Dispose();
            response.Dispose();
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
