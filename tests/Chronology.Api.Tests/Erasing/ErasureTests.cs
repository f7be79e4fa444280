using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Chronology.Api.Tests.Log;
using Chronology.Domain.Imports;
using Chronology.Domain.Log;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Views;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Chronology.Api.Tests.Erasing;

/// <summary>A host of its own: these tests erase values, rebuild views and rewrite rows behind the API's back.</summary>
public sealed class ErasureFixture : LogFixture;

[CollectionDefinition(Name)]
public sealed class ErasureCollection : ICollectionFixture<ErasureFixture>
{
    public const string Name = "erasure";
}

/// <summary>
/// Erasure end to end with a participant of the sample chronology (Kim Jong-un, in several records): the views show
/// "[erased]" where his name and role were, the history keeps its shape, and every tree head signed before still verifies.
/// </summary>
[Collection(ErasureCollection.Name)]
public sealed class ErasureTests(ErasureFixture api) : FixtureTest<ErasureFixture>(api)
{
    private const string Subject = "Kim Jong-un";
    private const string Erased = "[erased]";

    private async Task<long> ImportSample()
    {
        var services = Api.Host.Services;
        var sample = await File.ReadAllTextAsync(Path.Combine(ImportTests.RepositoryRoot(), "samples", "korea-2018.ndjson"));
        var import = new NdjsonImport(services.GetRequiredService<IDocumentStore>(), TimeProvider.System);
        var outcome = await import.Run(sample, new Importer("root", IsAdmin: true), "erasure-test", _ => Task.CompletedTask, CancellationToken.None);
        Assert.Empty(outcome.Errors);
        await Api.Get("/health/live");
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var size = await TransparencyLog.Size(session, CancellationToken.None);
        await Api.SignedHeadOf(size);
        return size;
    }

    private Task<Response> Erase(string body, string key = ApiFixture.AdminKey) => Api.Post("/admin/erasures", body, key);

    /// <summary>Every participant of every record, as the current views show them.</summary>
    private async Task<List<(Guid Record, JsonNode Participant)>> Participants()
    {
        var records = (await Api.Get("/records?limit=100", ApiFixture.ReaderKey)).Json!["items"]!.AsArray();
        var all = new List<(Guid, JsonNode)>();
        foreach (var record in records)
        {
            var id = Guid.Parse(record!["id"]!.GetValue<string>());
            var view = (await Api.Get($"/records/{id}", ApiFixture.ReaderKey)).Json!;
            all.AddRange(view["participants"]!.AsArray().Select(participant => (id, participant!)));
        }
        return all;
    }

    private static bool IsKim(JsonNode participant) => participant["name"]!["en"]?.GetValue<string>() == Subject;

    [Fact]
    public async Task Erasing_a_participant_of_the_sample_shows_erased_everywhere_keeps_the_history_and_every_signed_head_verifies()
    {
        var size = await ImportSample();
        var heads = (await Api.Read("/log/tree-heads?since=0&limit=1000"))["items"]!.AsArray().Select(head => head!.DeepClone()).ToList();
        var kims = (await Participants()).Where(found => IsKim(found.Participant)).ToList();
        Assert.True(kims.Count >= 2, "Kim Jong-un takes part in several records of the sample.");
        var record = kims[0].Record;
        var kimId = kims[0].Participant["id"]!.GetValue<string>();
        var historyBefore = (await Api.Get($"/records/{record}/history?limit=500", ApiFixture.ReaderKey)).Json!["items"]!.AsArray();
        var tagBefore = (await Api.Host.Scenario(request =>
        {
            request.Get.Url($"/records/{record}");
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.ReaderKey}");
        })).Context.Response.Headers.ETag.ToString();

        // The log holds commitments; the entries come with the values that open them.
        var entries = (await Api.Read($"/log/entries?start=0&end={size}"))["entries"]!.AsArray();
        var added = entries.Select(item => item!).Where(item => item["entry"]!["events"]!.AsArray()
            .Any(e => e!["type"]!.GetValue<string>() == "participant_added.v2" && e["data"]!["participantId"]!.GetValue<string>() == kimId)).Single();
        var name = added["entry"]!["events"]![0]!["data"]!["name"]!.AsObject();
        var commitment = Assert.Single(name).Value!.GetValue<string>();
        Assert.Equal("commitment", Assert.Single(name).Key);
        var opening = added["values"]![commitment]!;
        Assert.Equal(commitment, Commitment(opening["salt"]!.GetValue<string>(), opening["value"]));
        Assert.Equal(Subject, opening["value"]!["en"]!.GetValue<string>());
        Assert.DoesNotContain(Subject, added["leaf"]!.GetValue<string>().Replace(added["entry"]!["comment"]?.GetValue<string>() ?? "\u0000", ""));

        var erasure = await Erase($$"""{"subject":"  kim jong-un ","fields":["participant.name","participant.role"],"reason":"the subject asked to be erased"}""");
        Assert.Equal(200, erasure.Status);
        Assert.True(erasure.Json!["viewsChecked"]!.GetValue<bool>());
        var values = erasure.Json!["values"]!.AsArray();
        Assert.Equal(kims.Count * 2, values.Count);
        Assert.Contains(values, value => value!["commitment"]!.GetValue<string>() == commitment);
        Assert.Contains(record.ToString(), erasure.Json["records"]!.AsArray().Select(id => id!.GetValue<string>()));

        // A copy cached before the erasure no longer matches: revalidating it answers the erased record, under a new tag.
        var revalidated = await Api.Host.Scenario(request =>
        {
            request.Get.Url($"/records/{record}");
            request.WithRequestHeader("Authorization", $"Bearer {ApiFixture.ReaderKey}");
            request.WithRequestHeader("If-None-Match", tagBefore);
            request.StatusCodeShouldBeOk();
        });
        Assert.Equal(tagBefore.TrimEnd('"') + "-e1\"", revalidated.Context.Response.Headers.ETag.ToString());

        // Every view shows the placeholder where the name and the role were; the other participants keep theirs.
        var after = await Participants();
        Assert.DoesNotContain(after, found => IsKim(found.Participant));
        var erased = after.Where(found => found.Participant["name"]!["und"]?.GetValue<string>() == Erased).ToList();
        Assert.Equal(kims.Count, erased.Count);
        Assert.All(erased, found => Assert.Equal(Erased, found.Participant["role"]!.GetValue<string>()));
        Assert.Contains(after, found => found.Participant["name"]!["en"]?.GetValue<string>() == "Donald Trump");
        Assert.DoesNotContain("金正恩", string.Join("\n", after.Select(found => found.Participant.ToJsonString())));

        // The history keeps its shape: the same revisions, dates, editors and changed fields; each past revision shows the placeholder.
        var historyAfter = (await Api.Get($"/records/{record}/history?limit=500", ApiFixture.ReaderKey)).Json!["items"]!.AsArray();
        Assert.Equal(Shape(historyBefore), Shape(historyAfter));
        foreach (var revision in historyAfter.Select(item => item!["revision"]!.GetValue<int>()))
        {
            var past = (await Api.Get($"/records/{record}?revision={revision}", ApiFixture.ReaderKey)).Json!["participants"]!.AsArray();
            Assert.DoesNotContain(past, participant => IsKim(participant!));
        }
        Assert.DoesNotContain("金正恩", historyAfter.ToJsonString());

        // The log and every head signed before the erasure are untouched and still verify; the entry serves null for the erased value.
        var report = await Api.VerifyLog();
        Assert.True(report["verified"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(heads.Select(head => head.ToJsonString()),
            (await Api.Read("/log/tree-heads?since=0&limit=1000"))["items"]!.AsArray().Take(heads.Count).Select(head => head!.ToJsonString()));
        var served = (await Api.Read($"/log/entries?start={added["index"]}&end={added["index"]!.GetValue<long>() + 1}"))["entries"]![0]!;
        Assert.Equal(added["leaf"]!.GetValue<string>(), served["leaf"]!.GetValue<string>());
        Assert.True(served["values"]!.AsObject().ContainsKey(commitment));
        Assert.Null(served["values"]![commitment]);

        // The views folded again from the events find the values gone, and say the same; edits of the record go on.
        await Rebuild(CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName);
        Assert.Equal(kims.Count, (await Participants()).Count(found => found.Participant["name"]!["und"]?.GetValue<string>() == Erased));
        Assert.Equal(200, (await Api.Send(HttpMethod.Delete, $"/records/{record}/participants/{kimId}", (string?)null, ApiFixture.EditorKey)).Status);
        // A revert folds the past states from the events: the participant comes back erased, never with the value.
        Assert.Equal(200, (await Api.Post($"/records/{record}/revert", $$"""{"toRevision":{{historyAfter.Count}}}""")).Status);
        var reverted = (await Api.Get($"/records/{record}", ApiFixture.ReaderKey)).Json!["participants"]!.AsArray();
        Assert.Equal(Erased, reverted.Single(participant => participant!["id"]!.GetValue<string>() == kimId)!["name"]!["und"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rewritten_event_row_is_still_detected_after_an_erasure()
    {
        await ImportSample();
        Assert.Equal(200, (await Erase("""{"subject":"Kim Jong-un","fields":["participant.name"],"reason":"asked"}""")).Status);
        await Api.RewriteOneRow("""
            update {schema}.mt_events set data = jsonb_set(data, '{name}', '{"en":"Someone else"}')
            where seq_id = (select min(seq_id) from {schema}.mt_events where type = 'participant_added.v2')
            """);
        var report = await Api.VerifyLog();
        Assert.False(report["verified"]!.GetValue<bool>());
        Assert.Contains("Someone else", report["firstMismatch"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_problems_and_only_admins_may_erase()
    {
        await ImportSample();
        (await Erase("""{"fields":["participant.name"],"reason":"asked"}""")).AssertProblem(400, "invalid-input", "input.invalid");
        (await Erase("""{"subject":"Kim Jong-un","fields":["participant.side"],"reason":"asked"}""")).AssertProblem(400, "invalid-input", "input.invalid");
        (await Erase("""{"subject":"Kim Jong-un","fields":[],"reason":"asked"}""")).AssertProblem(400, "invalid-input", "input.invalid");
        (await Erase("""{"subject":"Kim Jong-un","fields":["participant.name"]}""")).AssertProblem(400, "invalid-input", "input.invalid");
        Assert.Equal(400, (await Erase("""{"subject":"Kim Jong-un",""")).Status);
        Assert.Equal(400, (await Erase("""{"subject":5,"fields":["participant.name"],"reason":"asked"}""")).Status);
        (await Erase("""{"subject":"Nobody at all","fields":["participant.name"],"reason":"asked"}""")).AssertProblem(404, "not-found", "erasure.nothing-found");
        Assert.Equal(403, (await Erase("""{"subject":"Kim Jong-un","fields":["participant.name"],"reason":"asked"}""", ApiFixture.EditorKey)).Status);
        // Nothing was erased by any of them.
        Assert.Contains(await Participants(), found => IsKim(found.Participant));
    }

    [Fact]
    public async Task Events_of_the_first_version_with_plain_values_are_still_read_and_cannot_be_erased()
    {
        var record = await Api.CreateRecord();
        var added = await Api.Post($"/records/{record}/participants", """{"name":{"en":"Kim Yong-chol"},"role":"Vice Chairman","side":"KP"}""");
        Assert.Equal(200, added.Status);
        // The row as version 1 stored it, before personal values were commitments.
        await Api.RewriteOneRow("""
            update {schema}.mt_events set type = 'participant_added.v1',
                data = jsonb_set(jsonb_set(data, '{name}', '{"en":"Kim Yong-chol (v1)"}'), '{role}', '"Vice Chairman (v1)"')
            where type = 'participant_added.v2'
            """);
        await Rebuild(CurrentRecordProjection.ProjectionName, RevisionsProjection.ProjectionName);

        var participant = (await Api.Get($"/records/{record}", ApiFixture.ReaderKey)).Json!["participants"]![0]!;
        Assert.Equal("Kim Yong-chol (v1)", participant["name"]!["en"]!.GetValue<string>());
        Assert.Equal("Vice Chairman (v1)", participant["role"]!.GetValue<string>());
        (await Erase("""{"subject":"Kim Yong-chol (v1)","fields":["participant.name"],"reason":"asked"}"""))
            .AssertProblem(404, "not-found", "erasure.nothing-found");
    }

    /// <summary>base64(SHA-256(salt ‖ JCS(value))), as docs/verification.md says a verifier computes it.</summary>
    private static string Commitment(string salt, JsonNode? value) =>
        Convert.ToBase64String(SHA256.HashData([.. Convert.FromBase64String(salt), .. Encoding.UTF8.GetBytes(CanonicalJson.Serialize(value))]));

    private static List<string> Shape(JsonArray history) =>
        [.. history.Select(item => $"{item!["revision"]} {item["recordedAt"]} {item["editor"]} {item["logIndex"]} {string.Join(',', item["changedPaths"]!.AsArray())}")];

    private async Task Rebuild(params string[] projections)
    {
        var daemon = Api.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var name in projections)
        {
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.StartAgentAsync(new ShardName(name).Identity, CancellationToken.None);
        }
    }

}
