using Chronology.Domain.Records;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Editing;
using Microsoft.Extensions.DependencyInjection;

namespace Chronology.Api.Tests;

/// <summary>A host on a pool of one connection, so every statement of the test runs on the same pooled connection.</summary>
public sealed class OneConnectionFixture : ApiFixture
{
    public override bool RunsDaemon => false;

    protected override string Connection(string testDatabase) => testDatabase + ";Maximum Pool Size=1";
}

[CollectionDefinition(Name)]
public sealed class OneConnectionCollection : ICollectionFixture<OneConnectionFixture>
{
    public const string Name = "one pooled connection";
}

/// <summary>
/// A statement PostgreSQL refuses must leave its pooled connection fit for the next request. With Npgsql's automatic
/// preparation on, a failed statement left the connection's prepared statements out of step with the server, and a
/// later valid request on it failed with "Received unexpected backend message DataRow" (npgsql/npgsql#6391).
/// </summary>
[Collection(OneConnectionCollection.Name)]
public sealed class PooledConnectionTests(OneConnectionFixture api) : FixtureTest<OneConnectionFixture>(api)
{
    [Fact]
    public async Task Valid_requests_between_statements_PostgreSQL_refuses_all_succeed_on_the_same_connection()
    {
        var id = await Api.CreateRecord();
        var editor = Api.Host.Services.GetRequiredService<RecordEditor>();
        var refused = 0;
        for (var i = 0; i < 120; i++)
        {
            // A title PostgreSQL cannot store (NUL): the edge refuses it over HTTP, so it is sent past the edge here.
            var unstorable = new CreateRecord(
                RecordKind.Summit, LanguageTextOf.Of(("en", $"x\0{i}")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], null);
            try
            {
                await editor.Edit(new EditRequest(Guid.CreateVersion7(), [unstorable], new EditNote("alice", null, false)), CancellationToken.None);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                refused++;
            }

            var valid = await Api.Post($"/records/{id}/outcomes", $$$"""{"text":{"en":"outcome {{{i}}}"}}""");
            Assert.True(valid.Status == 200, $"request {i} after a refused statement: {valid.Status} {valid.Text}");
            var read = await Api.Get($"/records/{id}/history?limit=1");
            Assert.True(read.Status == 200, $"read {i} after a refused statement: {read.Status} {read.Text}");
        }
        Assert.Equal(120, refused);
    }
}
