using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chronology.Faults.Tests;
using Microsoft.Playwright;
using Npgsql;

namespace Chronology.Browser.Tests;

/// <summary>
/// The built API and worker on loopback with a database of their own, the sample chronology imported through
/// POST /imports, and Debian's Chromium driven by Playwright (never a downloaded browser build).
/// </summary>
public sealed class ViewerHost : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private ChronologyProcess? api;
    private ChronologyProcess? worker;
    private IPlaywright? playwright;

    public Uri Url => api!.Url;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public Dictionary<string, Guid> RecordsByTitle { get; } = [];
    public static string Screenshots { get; } = Path.Combine(Repository.Root, "artifacts", "screenshots");
    public static string Axe { get; } = Path.Combine(Repository.Root, "tests", "Chronology.Browser.Tests", "node_modules", "axe-core", "axe.min.js");

    public async Task InitializeAsync()
    {
        var connection = await FreshDatabase();
        var logs = Path.Combine(Repository.Root, "artifacts", "browser");
        api = await ChronologyProcess.StartApi(connection, Path.Combine(logs, "api.log"));
        worker = await ChronologyProcess.StartWorker(connection, Path.Combine(logs, "worker.log"));
        Http = new HttpClient { BaseAddress = api.Url, Timeout = TimeSpan.FromSeconds(30) };
        await ImportSample();
        foreach (var record in (await Http.GetFromJsonAsync<JsonElement>("/records?limit=100")).GetProperty("items").EnumerateArray())
            RecordsByTitle[record.GetProperty("title").GetProperty("en").GetString()!] = record.GetProperty("id").GetGuid();

        Directory.CreateDirectory(Screenshots);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public Guid Record(string englishTitle) => RecordsByTitle[englishTitle];

    /// <summary>A tab of its own (its own sessionStorage, so its own sign-in), waiting until the page has drawn.</summary>
    public async Task<IPage> Open(string path, int width = 1280, bool axe = false)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Url.ToString(), ViewportSize = new() { Width = width, Height = 900 }, Locale = "en-GB" });
        // An init script is injected by the browser itself, so the pages' Content-Security-Policy stays as it is.
        if (axe) await context.AddInitScriptAsync(scriptPath: Axe);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await Goto(page, path);
        return page;
    }

    public static async Task Goto(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Ready(page);
    }

    public static Task Ready(IPage page) => page.WaitForSelectorAsync("body[data-ready=true]", new() { State = WaitForSelectorState.Attached });

    public static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public static async Task SignIn(IPage page, string key)
    {
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Signed in for this tab");
        await Ready(page);
    }

    /// <summary>A command sent straight to the JSON API, as another client would.</summary>
    public async Task<JsonElement> Send(HttpMethod method, string path, object body, string key = ChronologyProcess.EditorKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> FreshDatabase()
    {
        var baseConnection = Environment.GetEnvironmentVariable("CHRONOLOGY_TEST_CONNECTION")
            ?? throw new InvalidOperationException("Set CHRONOLOGY_TEST_CONNECTION (./test.sh does) to a PostgreSQL the browser tests may create a database on.");
        var builder = new NpgsqlConnectionStringBuilder(baseConnection);
        var database = $"{builder.Database}_browser";
        await using (var admin = new NpgsqlConnection(baseConnection))
        {
            await admin.OpenAsync();
            // Dropping and creating a database waits for a checkpoint, which takes a while on a busy machine.
            await new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", admin) { CommandTimeout = 300 }.ExecuteNonQueryAsync();
            await new NpgsqlCommand($"create database \"{database}\"", admin) { CommandTimeout = 300 }.ExecuteNonQueryAsync();
        }
        builder.Database = database;
        return builder.ConnectionString;
    }

    private async Task ImportSample()
    {
        var sample = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "samples", "korea-2018.ndjson"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/imports") { Content = new ByteArrayContent(sample) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ChronologyProcess.AdminKey);
        using var response = await Http.SendAsync(request);
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"The import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var status = response.Headers.Location!.ToString();
        await Until(async () => (await Admin(status)).GetProperty("state").GetString() is "done", "the sample to be imported");
        await Until(async () => (await Admin("/admin/projections")).GetProperty("items").EnumerateArray().All(p => p.GetProperty("lagEvents").GetInt64() == 0),
            "every view to catch up with the sample");
    }

    private async Task<JsonElement> Admin(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ChronologyProcess.AdminKey);
        using var response = await Http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Waited 90 s for {what}.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        Http?.Dispose();
        if (worker is not null) await worker.DisposeAsync();
        if (api is not null) await api.DisposeAsync();
    }
}
