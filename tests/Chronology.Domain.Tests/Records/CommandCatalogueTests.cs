using System.Text.Json.Nodes;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Scheduling;

namespace Chronology.Domain.Tests.Records;

public sealed class CommandCatalogueTests
{
    private static (ReadCommand? Read, Chronology.Domain.Records.DomainError? Error) Read(string name, string json) =>
        CommandCatalogue.Read(name, JsonNode.Parse(json), Guid.CreateVersion7);

    [Fact]
    public void A_valid_create_body_reads_into_a_command_with_its_comment()
    {
        var (read, error) = Read("create", """{"kind":"summit","title":{"zh-Hant":"2018年5月南北韓首腦會談","en":"May 2018 inter-Korean summit"},"aliases":{"zh-Hant":["5.26南北韓首腦會談"]},"timeZone":"Asia/Seoul","comment":"new record"}""");
        Assert.Null(error);
        var create = Assert.IsType<CreateRecord>(read!.Command);
        Assert.Equal("new record", read.Comment);
        Assert.Equal("5.26南北韓首腦會談", create.Aliases["zh-Hant"][0]);
    }

    [Theory]
    [InlineData("create", """{"kind":"summit","title":{"not a tag!":"x"}}""", "title.not a tag!")]
    [InlineData("create", """{"kind":"summit","title":{"en":"x"},"timeZone":"Mars/Olympus"}""", "timeZone")]
    [InlineData("create", """{"kind":"palace","title":{"en":"x"}}""", "kind")]
    [InlineData("create", """{"kind":"summit"}""", "title")]
    [InlineData("create", """{"kind":5,"title":{"en":"x"}}""", "kind")]
    [InlineData("create", """{"kind":"summit","title":{"en":"x"},"editor":"mallory"}""", "editor")]
    [InlineData("schedule", """{"on":"2018-05-10","start":"2018-02-30"}""", "start")]
    [InlineData("schedule", """{"on":"2018-05-10"}""", "start")]
    [InlineData("cancel", """{"reason":"no date"}""", "on")]
    [InlineData("cancel", """{"on":"2018-05-24","start":"2018-06-12"}""", "start")]
    [InlineData("cancel", """{"on":"2018-05-24","sources":["not-a-guid"]}""", "sources")]
    [InlineData("citeSource", """{"url":"javascript:alert(1)","title":"x"}""", "url")]
    [InlineData("citeSource", """{"url":"/relative","title":"x"}""", "url")]
    [InlineData("place", """{"name":{"en":"Tongilgak"},"country":"North Korea"}""", "country")]
    [InlineData("place", """{"name":{"en":"Tongilgak"},"coordinates":{"lat":137,"lon":0}}""", "coordinates.lat")]
    [InlineData("addLink", """{"relation":"causedBy","recordId":"0192d4a0-0000-7000-8000-000000000001"}""", "relation")]
    [InlineData("revise", """{"status":"held"}""", "status")]
    [InlineData("revise", """{}""", "body")]
    public void Invalid_input_is_refused_naming_the_field(string command, string json, string field)
    {
        var (read, error) = Read(command, json);
        Assert.Null(read);
        Assert.Equal(Chronology.Domain.Records.RefusalKind.InvalidInput, error!.Kind);
        Assert.Contains(field, error.Fields!.Keys);
    }

    [Fact]
    public void A_title_over_500_characters_is_refused()
    {
        var (_, error) = Read("create", $$$"""{"kind":"summit","title":{"en":"{{{new string('a', 501)}}}"}}""");
        Assert.Contains("at most 500", error!.Message);
    }

    [Fact]
    public void A_comment_over_1000_characters_is_refused()
    {
        var (_, error) = Read("cancel", $$"""{"on":"2018-05-24","comment":"{{new string('a', 1001)}}"}""");
        Assert.Contains("comment", error!.Fields!.Keys);
    }

    [Fact]
    public void An_unknown_command_is_refused() =>
        Assert.Contains("not a command", Read("explode", "{}").Error!.Message);

    [Fact]
    public void A_body_that_is_not_an_object_is_refused() =>
        Assert.Equal(Chronology.Domain.Records.RefusalKind.InvalidInput, Read("cancel", "[]").Error!.Kind);

    [Fact]
    public void Malformed_json_text_is_refused_with_a_clear_message() =>
        Assert.Contains("not valid JSON", JsonText.Parse("{\"on\":").Error!.Message);

    [Fact]
    public void A_status_correction_flag_reaches_the_command()
    {
        var (read, _) = Read("schedule", """{"on":"2018-08-13","start":"2018-09-18","end":"2018-09-20","correction":true}""");
        Assert.True(Assert.IsType<ScheduleMeeting>(read!.Command).Correction);
        Assert.True(read.Correction);
    }
}
