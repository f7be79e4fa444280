using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Alba;
using Chronology.Domain.Log;
using Marten;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests.Log;

/// <summary>A host that also signs tree heads (as the worker does), with a key made for the test run.</summary>
public class LogFixture : ApiFixture
{
    public LogKey Key { get; } = new(RandomNumberGenerator.GetBytes(32));

    protected override void ConfigureServices(IServiceCollection services) => TreeHeadSigning.Add(services, Key);

    /// <summary>A read through Alba that must answer 200; its JSON body.</summary>
    public async Task<JsonObject> Read(string url, string key = ReaderKey)
    {
        await Get("/health/live"); // waits until the projections (the log among them) have caught up
        var answer = await Host.Scenario(request =>
        {
            request.Get.Url(url);
            request.WithRequestHeader("Authorization", $"Bearer {key}");
            request.StatusCodeShouldBeOk();
        });
        return (await answer.ReadAsJsonAsync<JsonObject>())!;
    }

    /// <summary>The latest signed tree head once it covers the whole log (the signer runs every second).</summary>
    public async Task<JsonObject> SignedHeadOf(long treeSize)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await Get("/health/live");
            var answer = await Send(HttpMethod.Get, "/log/tree-head", (string?)null, ReaderKey);
            if (answer.Status == 200 && answer.Json!["treeSize"]!.GetValue<long>() == treeSize) return answer.Json.AsObject();
            if (DateTime.UtcNow > deadline) Assert.Fail($"No tree head of size {treeSize} after 30 s; the latest: {answer.Text}");
            await Task.Delay(200);
        }
    }

    /// <summary>POST /admin/log/verify as an admin; its JSON answer.</summary>
    public async Task<JsonObject> VerifyLog()
    {
        var answer = await Host.Scenario(request =>
        {
            request.Post.Url("/admin/log/verify");
            request.WithRequestHeader("Authorization", $"Bearer {AdminKey}");
            request.StatusCodeShouldBeOk();
        });
        return (await answer.ReadAsJsonAsync<JsonObject>())!;
    }

    /// <summary>Changes exactly one row behind the API's back ({schema} is the store's schema), as a tamperer would.</summary>
    public async Task RewriteOneRow(string sql)
    {
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", store.Options.DatabaseSchemaName, StringComparison.Ordinal), connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class LogCollection : ICollectionFixture<LogFixture>
{
    public const string Name = "log";
}
