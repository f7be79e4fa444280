using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Chronology.Domain;
using Chronology.Tests.Shared;
using Npgsql;

namespace Chronology.Faults.Tests;

/// <summary>
/// What a scenario checks after its fault: the views caught up with no projection stopped, every acknowledged write is in
/// the events (once) and in every view, and the views equal what a rebuild from the events gives.
/// </summary>
public sealed class Views(string connection, Uri api)
{
    private const string Schema = ChronologyStore.DefaultSchema;
    private static readonly string[] Projections = ["records", "revisions", "changes"];
    private static readonly string[] Tables = ["mt_doc_currentrecord", "mt_doc_revisionview", "mt_doc_changefeedentry"];

    /// <summary>Waits until every projection runs and has processed every event; returns how long that took.</summary>
    public async Task<TimeSpan> CaughtUp(TimeSpan patience)
    {
        using var http = Admin();
        var waited = Stopwatch.StartNew();
        string last = "";
        while (waited.Elapsed < patience)
        {
            try
            {
                var items = (await http.GetFromJsonAsync<JsonObject>("/admin/projections"))!["items"]!.AsArray();
                last = items.ToJsonString();
                if (items.All(item => item!["state"]!.GetValue<string>() == "running" && item["lagEvents"]!.GetValue<long>() == 0))
                    return waited.Elapsed;
            }
            catch (HttpRequestException)
            {
                // The API is restarting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The views did not catch up within {patience}: {last}");
    }

    /// <summary>Every acknowledged revision is stored once under its key, and the three views show it.</summary>
    public async Task AssertShow(IReadOnlyCollection<Acknowledged> acknowledged)
    {
        await using var database = await Open();
        var missing = new List<string>();
        foreach (var write in acknowledged)
        {
            var stored = await Scalar<long>(database, $"""
                select count(*) from {Schema}.mt_events
                where stream_id = @record and headers ->> 'idempotencyKey' = @key and (headers ->> 'revision')::int = @revision
                """, write);
            if (stored == 0) missing.Add($"events: {write}");
            if (await Scalar<long>(database, $"select count(*) from {Schema}.mt_doc_currentrecord where id = @record and (data ->> 'revision')::int >= @revision", write) == 0)
                missing.Add($"records: {write}");
            if (await Scalar<long>(database, $"select count(*) from {Schema}.mt_doc_revisionview where id = @record::text || ':' || @revision", write) == 0)
                missing.Add($"revisions: {write}");
            if (await Scalar<long>(database, $"select count(*) from {Schema}.mt_doc_changefeedentry where id = @record::text || ':' || @revision", write) == 0)
                missing.Add($"changes: {write}");
        }
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged writes missing: {string.Join("; ", missing.Take(10))}");
        Assert.Equal(0L, await KeysStoredTwice(database));
    }

    /// <summary>Idempotency keys that went into more than one revision: a retry applied twice.</summary>
    private static async Task<long> KeysStoredTwice(NpgsqlConnection database)
    {
        await using var command = new NpgsqlCommand($"""
            select count(*) from (select headers ->> 'idempotencyKey' from {Schema}.mt_events
            where headers ? 'idempotencyKey' group by stream_id, 1 having count(distinct headers ->> 'revision') > 1) twice
            """, database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A checksum of each view table: its documents' ids and JSON in id order.</summary>
    public async Task<IReadOnlyDictionary<string, string>> Checksums()
    {
        await using var database = await Open();
        var sums = new Dictionary<string, string>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand(
                $"select coalesce(md5(string_agg(id::text || '=' || data::text, ',' order by id::text)), 'empty') || ' ' || count(*) from {Schema}.{table}", database);
            sums[table] = (string)(await command.ExecuteScalarAsync())!;
        }
        return sums;
    }

    /// <summary>Rebuilds every projection through the admin API, one after another, and waits for each to finish.</summary>
    public async Task RebuildAll()
    {
        using var http = Admin();
        foreach (var projection in Projections)
        {
            var queued = await http.PostAsync($"/admin/projections/{projection}/rebuild", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, queued.StatusCode);
            await Finished(http, queued.Headers.Location!.ToString(), TimeSpan.FromMinutes(3));
        }
    }

    /// <summary>Waits for a job's status URL to say done; fails on failed or when it takes too long.</summary>
    public static async Task Finished(HttpClient http, string status, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        string state = "";
        while (waited.Elapsed < patience)
        {
            try
            {
                state = (await http.GetFromJsonAsync<JsonObject>(status))!["state"]!.GetValue<string>();
                if (state == "done") return;
                Assert.NotEqual("failed", state);
            }
            catch (HttpRequestException)
            {
                // The API is restarting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{status} still {state} after {patience}");
    }

    /// <summary>The API's /health says Healthy; when not, the failure shows its whole report (which check said what).</summary>
    public async Task AssertHealthy()
    {
        using var http = Admin();
        var report = (await http.GetFromJsonAsync<JsonObject>("/health"))!;
        var status = report["status"]!.GetValue<string>();
        Assert.True(status == "Healthy", $"/health is {status}: {report.ToJsonString()}");
    }

    /// <summary>The tombstones Marten wrote for appends whose transaction did not commit: every projection passes over them.</summary>
    public async Task<long> Tombstones()
    {
        await using var database = await Open();
        await using var command = new NpgsqlCommand($"select count(*) from {Schema}.mt_events where type = 'tombstone'", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Stores an event no projection can fold (see <see cref="EventBehindTheApi"/>); returns its sequence number.</summary>
    public async Task<long> Poison(Guid record)
    {
        await using var database = await Open();
        return await EventBehindTheApi.AppendWithoutRevision(database, Schema, record);
    }

    /// <summary>Each projection's state and the event it stopped on, if it did, as GET /admin/projections says.</summary>
    public async Task<IReadOnlyDictionary<string, (string State, long? FailedAt)>> States()
    {
        using var http = Admin();
        return (await http.GetFromJsonAsync<JsonObject>("/admin/projections"))!["items"]!.AsArray().ToDictionary(
            item => item!["name"]!.GetValue<string>(),
            item => (item!["state"]!.GetValue<string>(), item["failure"]?["sequence"]?.GetValue<long>()));
    }

    public HttpClient Admin() => new()
    {
        BaseAddress = api,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { { "Authorization", "Bearer " + ChronologyProcess.AdminKey } },
    };

    private async Task<NpgsqlConnection> Open()
    {
        var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        return database;
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection database, string sql, Acknowledged write)
    {
        await using var command = new NpgsqlCommand(sql, database);
        command.Parameters.AddWithValue("record", write.RecordId);
        command.Parameters.AddWithValue("key", write.Key);
        command.Parameters.AddWithValue("revision", write.Revision);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
