using System.Text.Json.Nodes;
using Npgsql;

// The CRUD peer of the benchmark: one table updated in place (the current state as jsonb) and a history table
// filled by a trigger, behind the same routes and status codes Chronology uses for creating a record and adding
// an outcome. Deliberately plain: one round trip per command, no domain model, no event store.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("peer")
    ?? throw new InvalidOperationException("Set ConnectionStrings__peer.");
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));

var app = builder.Build();
var source = app.Services.GetRequiredService<NpgsqlDataSource>();
await using (var setup = source.CreateCommand(Schema.Sql)) await setup.ExecuteNonQueryAsync();

app.MapGet("/health/ready", async () =>
{
    await using var command = source.CreateCommand("select 1");
    await command.ExecuteScalarAsync();
    return Results.Ok();
});

app.MapPost("/records", async (HttpRequest request) =>
{
    var body = await JsonNode.ParseAsync(request.Body);
    if (body is not JsonObject record || record["title"] is not JsonObject) return Results.BadRequest();
    var id = Guid.CreateVersion7();
    record["outcomes"] = new JsonArray();
    await using var command = source.CreateCommand(
        "insert into peer.records (id, revision, data, editor) values ($1, 1, $2::jsonb, $3)");
    command.Parameters.AddWithValue(id);
    command.Parameters.AddWithValue(record.ToJsonString());
    command.Parameters.AddWithValue(Editor(request));
    await command.ExecuteNonQueryAsync();
    return Results.Created($"/records/{id}", new { id, revision = 1 });
});

// A read as most teams would serve it: one SELECT by primary key, the stored jsonb written out as it is, the revision as ETag.
app.MapGet("/records/{id:guid}", async (Guid id, HttpResponse response) =>
{
    await using var command = source.CreateCommand("select revision, data::text from peer.records where id = $1");
    command.Parameters.AddWithValue(id);
    await using var reader = await command.ExecuteReaderAsync();
    if (!await reader.ReadAsync()) return Results.NotFound();
    response.Headers.ETag = $"\"{reader.GetInt32(0)}\"";
    return Results.Text(reader.GetString(1), "application/json");
});

app.MapPost("/records/{id:guid}/outcomes", async (Guid id, HttpRequest request, HttpResponse response) =>
{
    var body = await JsonNode.ParseAsync(request.Body);
    if (body?["text"] is not JsonObject text) return Results.BadRequest();
    var outcome = new JsonObject { ["id"] = Guid.CreateVersion7(), ["text"] = text.DeepClone() };
    // One statement: bump the revision and append the outcome in place; the trigger keeps the old row.
    await using var command = source.CreateCommand(
        "update peer.records set revision = revision + 1, editor = $3, updated_at = now(), " +
        "data = jsonb_set(data, '{outcomes}', coalesce(data->'outcomes', '[]'::jsonb) || jsonb_build_array($2::jsonb)) " +
        "where id = $1 returning revision");
    command.Parameters.AddWithValue(id);
    command.Parameters.AddWithValue(outcome.ToJsonString());
    command.Parameters.AddWithValue(Editor(request));
    if (await command.ExecuteScalarAsync() is not int revision) return Results.NotFound();
    response.Headers.ETag = $"\"{revision}\"";
    return Results.Ok(new { id, revision, itemId = outcome["id"]!.GetValue<Guid>() });
});

app.Run();

static string Editor(HttpRequest request) =>
    request.Headers.Authorization.ToString() is { Length: > 7 } header ? header[7..] : "anonymous";

internal static class Schema
{
    public const string Sql = """
        create schema if not exists peer;
        create table if not exists peer.records (
            id uuid primary key,
            revision int not null,
            data jsonb not null,
            editor text not null,
            updated_at timestamptz not null default now());
        create table if not exists peer.record_history (
            id bigint generated always as identity primary key,
            record_id uuid not null,
            revision int not null,
            data jsonb not null,
            editor text not null,
            changed_at timestamptz not null default now());
        create index if not exists record_history_record on peer.record_history (record_id, revision);
        create or replace function peer.keep_history() returns trigger language plpgsql as $$
        begin
            insert into peer.record_history (record_id, revision, data, editor) values (new.id, new.revision, new.data, new.editor);
            return new;
        end $$;
        drop trigger if exists records_history on peer.records;
        create trigger records_history after insert or update on peer.records
            for each row execute function peer.keep_history();
        """;
}
