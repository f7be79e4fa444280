using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using JasperFx.CommandLine;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Chronology.Api.Tests;

/// <summary>One API host per test collection, on its own PostgreSQL schema; data is reset before each test.</summary>
public class ApiFixture : IAsyncLifetime
{
    public const string EditorKey = "test-editor-key-alice-0123456789";
    public const string SecondEditorKey = "test-editor-key-bob-0123456789";
    public const string ReaderKey = "test-reader-key-carol-0123456789";
    public const string AdminKey = "test-admin-key-root-0123456789";

    public IAlbaHost Host { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Whether the host runs the async daemon in-process (Solo); without it the views never catch up.</summary>
    public virtual bool RunsDaemon => true;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var connection = Connection(await TestDatabase.ConnectionString());
        var schema = "test_" + GetType().Name.ToLowerInvariant();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:chronology", connection);
            builder.UseSetting("Store:Schema", schema);
            builder.UseSetting("RateLimit:PermitsPerMinute", "0");
            if (RunsDaemon) builder.UseSetting("Store:Daemon", "Solo");
            Principal(builder, 0, "alice", EditorKey, "editor");
            Principal(builder, 1, "bob", SecondEditorKey, "editor");
            Principal(builder, 2, "carol", ReaderKey, "reader");
            Principal(builder, 3, "root", AdminKey, "admin");
            foreach (var (name, value) in Settings) builder.UseSetting(name, value);
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
                ConfigureServices(services);
            });
        });
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The connection string the host uses: the test database's, with settings of a fixture's own.</summary>
    protected virtual string Connection(string testDatabase) => testDatabase;

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public Task Reset() => Host.ResetAllMartenDataAsync();

    private static void Principal(IWebHostBuilder builder, int index, string name, string key, string role)
    {
        builder.UseSetting($"Auth:Principals:{index}:Name", name);
        builder.UseSetting($"Auth:Principals:{index}:Key", key);
        builder.UseSetting($"Auth:Principals:{index}:Roles:0", role);
    }

    /// <summary>Sends raw text, as a client would, so malformed bodies and headers can be tested too.</summary>
    public Task<Response> Send(
        HttpMethod method, string url, string? body = null, string? key = EditorKey, string contentType = "application/json",
        params (string Name, string Value)[] headers) =>
        Send(method, url, body is null ? null : Encoding.UTF8.GetBytes(body), key, contentType, headers);

    /// <summary>Sends raw bytes (invalid UTF-8, say) exactly as given, through an Alba scenario that asserts nothing itself.</summary>
    public async Task<Response> Send(
        HttpMethod method, string url, byte[]? body, string? key = EditorKey, string contentType = "application/json",
        params (string Name, string Value)[] headers)
    {
        var result = await Host.Scenario(x =>
        {
            Verb(x, method).Url(url);
            // Alba decodes and re-encodes the query; a client's bytes (invalid UTF-8, %00) must reach the app as sent.
            if (url.IndexOf('?') is var query and >= 0) x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(url[query..]));
            if (body is not null)
            {
                x.ByteArray(body);
                x.WithRequestHeader("Content-Type", contentType);
            }
            if (key is not null) x.WithBearerToken(key);
            foreach (var (name, value) in headers) x.WithRequestHeader(name, value);
            x.IgnoreStatusCode();
        });
        return Response.Of(result);
    }

    private static IUrlExpression Verb(Scenario scenario, HttpMethod method) => method.Method switch
    {
        "GET" => scenario.Get,
        "POST" => scenario.Post,
        "PUT" => scenario.Put,
        "PATCH" => scenario.Patch,
        "DELETE" => scenario.Delete,
        "HEAD" => scenario.Head,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Alba scenarios send GET, POST, PUT, PATCH, DELETE and HEAD."),
    };

    public Task<Response> Post(string url, string body, string? key = EditorKey, params (string, string)[] headers) =>
        Send(HttpMethod.Post, url, body, key, "application/json", headers);

    /// <summary>Reads once the async projections have caught up with every write so far.</summary>
    public async Task<Response> Get(string url, string? key = null)
    {
        if (RunsDaemon && await Host.DocumentStore().Advanced.FetchEventStoreStatistics() is { EventCount: > 0 })
            await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return await Send(HttpMethod.Get, url, (string?)null, key);
    }

    /// <summary>The record's stream as stored, to count what a request appended.</summary>
    public async Task<IReadOnlyList<IEvent>> Events(Guid id)
    {
        await using var session = Host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    /// <summary>The revision each stored event carries in its metadata.</summary>
    public async Task<int[]> EventRevisions(Guid id) =>
        (await Events(id)).Select(e => int.Parse(e.Headers![Chronology.Domain.Records.Editing.EditHeaders.Revision].ToString()!)).ToArray();

    public async Task<Guid> CreateRecord(string title = "2018年朝美首腦會談", string english = "2018 US–DPRK summit")
    {
        var created = await Post("/records", $$"""{"kind":"summit","title":{"zh-Hant":"{{title}}","en":"{{english}}"},"timeZone":"Asia/Seoul"}""");
        Assert.Equal(201, created.Status);
        return created.Id;
    }
}

public sealed record Response(int Status, JsonNode? Json, string Text, string? ETag, string? Location, string? ContentType, TimeSpan? RetryAfter, string? WwwAuthenticate = null)
{
    public static Response Of(IScenarioResult result)
    {
        var response = result.Context.Response;
        var text = result.ReadAsText();
        var retryAfter = int.TryParse(response.Headers.RetryAfter.ToString(), out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return new Response(
            response.StatusCode,
            text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null,
            text,
            EntityTagHeaderValue.TryParse(response.Headers.ETag.ToString(), out var tag) ? tag.Tag.Trim('"') : null,
            response.Headers.Location.Count > 0 ? response.Headers.Location.ToString() : null,
            MediaTypeHeaderValue.TryParse(response.ContentType, out var type) ? type.MediaType : null,
            retryAfter,
            response.Headers.WWWAuthenticate.ToString());
    }

    public Guid Id => Guid.Parse(Json!["id"]!.GetValue<string>());

    public int Revision => Json!["revision"]!.GetValue<int>();

    public string? Code => Json?["code"]?.GetValue<string>();

    public bool IsProblem => ContentType == "application/problem+json";

    /// <summary>An RFC 9457 problem of this status, with our type and code, that says what is wrong.</summary>
    public void AssertProblem(int status, string type, string code)
    {
        Assert.True(status == Status, $"expected {status}, got {Status}: {Text}");
        Assert.True(IsProblem, $"not a problem: {ContentType} {Text}");
        Assert.Equal("urn:chronology:problem:" + type, Json!["type"]!.GetValue<string>());
        Assert.Equal(code, Code);
        Assert.Equal(status, Json["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(Json["detail"]?.GetValue<string>()));
    }
}
