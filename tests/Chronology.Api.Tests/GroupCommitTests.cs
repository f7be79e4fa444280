using Chronology.Domain.Records.Editing;
using Marten;

namespace Chronology.Api.Tests;

/// <summary>
/// Edits that arrive together are stored in one transaction (GroupCommit): each still gets the answer and the metadata
/// it would get alone, and one edit's refusal or stale If-Match leaves the others of its group alone.
/// </summary>
public sealed class GroupCommitTests(ApiFixture api) : ApiTest(api)
{
    private const int Records = 24;

    [Fact]
    public async Task Edits_of_different_records_sent_together_share_commits_and_keep_their_own_answers_and_metadata()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, Records).Select(_ => Api.CreateRecord()));

        var answers = await Task.WhenAll(ids.Select((id, i) => Api.Send(
            HttpMethod.Post, $"/records/{id}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"},"comment":"note {{{i}}}"}""",
            key: i % 2 == 0 ? ApiFixture.EditorKey : ApiFixture.SecondEditorKey, headers: [("X-Correlation-Id", $"corr-{i}")])));

        for (var i = 0; i < Records; i++)
        {
            Assert.Equal(200, answers[i].Status);
            Assert.Equal(ids[i], answers[i].Id);
            Assert.Equal(2, answers[i].Revision);
            Assert.Equal("2", answers[i].ETag);
            var added = Assert.Single(await Api.Events(ids[i]), e => e.Headers![EditHeaders.Revision].ToString() == "2");
            Assert.Equal(answers[i].Json!["itemId"]!.GetValue<Guid>(), ((Domain.Records.OutcomeRecorded)added.Data).OutcomeId);
            Assert.Equal(i % 2 == 0 ? "alice" : "bob", added.Headers![EditHeaders.Editor].ToString());
            Assert.Equal($"note {i}", added.Headers[EditHeaders.Comment].ToString());
            Assert.Equal($"corr-{i}", added.CorrelationId);
            var read = (await Api.Get($"/records/{ids[i]}")).Json!;
            Assert.Equal($"outcome {i}", Assert.Single(read["outcomes"]!.AsArray())!["text"]!["en"]!.GetValue<string>());
        }
        Assert.True(await SharedTransactions(ids) > 0, "no two records' edits were stored in the same transaction");
    }

    [Fact]
    public async Task A_refused_a_stale_and_a_missing_record_edit_answer_alone_while_the_rest_of_their_group_is_stored()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, Records).Select(_ => Api.CreateRecord()));
        Assert.Equal(200, (await Api.Post($"/records/{ids[0]}/cancel", """{"on":"2018-05-24"}""")).Status);
        var before = (await Api.Events(ids[0])).Count;
        var missing = Guid.CreateVersion7();

        var sent = ids.Select((id, i) => i switch
        {
            0 => Api.Post($"/records/{id}/cancel", """{"on":"2018-05-25"}"""),
            1 => Api.Post($"/records/{id}/outcomes", """{"text":{"en":"late"}}""", ApiFixture.EditorKey, ("If-Match", "\"7\"")),
            _ => Api.Post($"/records/{id}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"}}"""),
        }).Append(Api.Post($"/records/{missing}/outcomes", """{"text":{"en":"nowhere"}}"""));
        var answers = await Task.WhenAll(sent);

        Assert.Equal(409, answers[0].Status);
        Assert.Equal("lifecycle.already-cancelled", answers[0].Code);
        answers[1].AssertProblem(412, "stale-revision", "revision.stale");
        Assert.Equal(1, answers[1].Json!["currentRevision"]!.GetValue<int>());
        Assert.Equal(404, answers[^1].Status);
        Assert.All(answers[2..^1], answer => Assert.Equal(200, answer.Status));
        Assert.Equal(before, (await Api.Events(ids[0])).Count);
        Assert.Equal([1], (await Api.EventRevisions(ids[1])).Distinct());
        Assert.Empty(await Api.Events(missing));
        for (var i = 2; i < Records; i++) Assert.Equal([1, 2], (await Api.EventRevisions(ids[i])).Distinct());
    }

    [Fact]
    public async Task Many_edits_of_a_few_records_sent_together_are_each_stored_once_in_order_of_their_revisions()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Api.CreateRecord()));
        const int perRecord = 12;

        var answers = await Task.WhenAll(Enumerable.Range(0, perRecord * ids.Length).Select(i =>
            Api.Post($"/records/{ids[i % ids.Length]}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"}}""")));

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        foreach (var id in ids)
        {
            Assert.Equal(Enumerable.Range(2, perRecord), answers.Where(answer => answer.Id == id).Select(answer => answer.Revision).Order());
            Assert.Equal(Enumerable.Range(1, perRecord + 1), (await Api.EventRevisions(id)).Distinct());
            Assert.Equal(perRecord, (await Api.Get($"/records/{id}")).Json!["outcomes"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task When_one_edit_makes_its_group_fail_the_others_are_stored_once_each_and_only_it_fails()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, Records).Select(_ => Api.CreateRecord()));
        var schema = Api.Host.DocumentStore().Options.Events.DatabaseSchemaName;
        // A fault PostgreSQL raises for one event: its group's transaction rolls back with it.
        await Sql($"""
            create function {schema}.refuse_poisoned_event() returns trigger language plpgsql as $$
            begin if new.data::text like '%poisoned%' then raise exception 'injected failure'; end if; return new; end $$;
            create trigger refuse_poisoned before insert on {schema}.mt_events for each row execute function {schema}.refuse_poisoned_event();
            """);
        try
        {
            var answers = await Task.WhenAll(ids.Select((id, i) =>
                Api.Post($"/records/{id}/outcomes", $$$"""{"text":{"en":"{{{(i == 5 ? "poisoned" : $"outcome {i}")}}}"}}""")));

            Assert.True(answers[5].Status >= 500, $"the poisoned edit answered {answers[5].Status}");
            Assert.Equal([1], (await Api.EventRevisions(ids[5])).Distinct());
            for (var i = 0; i < Records; i++)
            {
                if (i == 5) continue;
                Assert.Equal(200, answers[i].Status);
                Assert.Equal(2, answers[i].Revision);
                Assert.Equal([1, 2], (await Api.EventRevisions(ids[i])).Distinct());
                Assert.Single(await Api.Events(ids[i]), e => e.Data is Domain.Records.OutcomeRecorded);
            }
        }
        finally
        {
            await Sql($"drop trigger refuse_poisoned on {schema}.mt_events; drop function {schema}.refuse_poisoned_event();");
        }
    }

    private async Task Sql(string sql)
    {
        await using var connection = Api.Host.DocumentStore().Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>How many records' edits were stored in the same transaction as another record's: their rows share an xmin.</summary>
    private async Task<int> SharedTransactions(Guid[] ids)
    {
        var store = Api.Host.DocumentStore();
        await using var session = store.QuerySession();
        var transactions = await session.QueryAsync<string>(
            $"select xmin::text from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = any(?) and headers ->> 'revision' = '2'", ids);
        return transactions.GroupBy(xmin => xmin).Where(group => group.Count() > 1).Sum(group => group.Count());
    }
}
