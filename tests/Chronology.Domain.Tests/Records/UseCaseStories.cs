using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.AddingParticipants;
using Chronology.Domain.Records.Cancelling;
using Chronology.Domain.Records.ChangingParticipantRoles;
using Chronology.Domain.Records.CitingSources;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Reinstating;
using Chronology.Domain.Records.Scheduling;
using Chronology.Domain.Records.StatusChanges;
using Chronology.Domain.Records.Undoing;

namespace Chronology.Domain.Tests.Records;

/// <summary>The use cases told as stories: given the record's revisions, when an editor sends a command, then events or a refusal.</summary>
public sealed class UseCaseStories : RecordSpecification
{
    private static readonly Guid Letter = Guid.Parse("0192d4a0-0000-7000-8000-0000000000c1");

    private static StatusFacts Facts(string on, string? start = null, string? by = null, string? reason = null, params Guid[] sources) =>
        new(On(on), start is null ? null : On(start), null, by, reason, [.. sources]);

    [Fact]
    public void A_held_meeting_cannot_be_cancelled() =>
        Given(Created(), Scheduled("2018-05-10", "2018-06-12"), Held("2018-06-12"))
            .When(new CancelMeeting(Facts("2018-06-20", by: "Donald Trump", reason: "too late")))
            .ThenRefused(LifecycleErrors.AlreadyHeldCode);

    [Fact]
    public void Cancelling_records_the_facts_the_editor_gave()
    {
        var events = Given(Created(), Scheduled("2018-05-10", "2018-06-12"),
                new SourceCited(Letter, "https://www.whitehouse.gov/briefings-statements/letter-president-donald-j-trump-chairman-kim-jong-un/", "Letter", "The White House", On("2018-05-24"), null))
            .When(new CancelMeeting(Facts("2018-05-24", by: "Donald Trump", reason: "letter to Kim Jong-un", sources: Letter)))
            .ThenAccepted();

        var cancelled = Assert.IsType<MeetingCancelled>(Assert.Single(events));
        Assert.Equal("letter to Kim Jong-un", cancelled.Facts.Reason);
        Assert.Equal(MeetingStatus.Cancelled, State!.Status);
    }

    [Fact]
    public void A_status_change_citing_a_source_the_record_does_not_cite_is_refused() =>
        Given(Created())
            .When(new ScheduleMeeting(Facts("2018-05-10", start: "2018-06-12", sources: Letter)))
            .ThenRefused("source.not-cited");

    [Fact]
    public void A_cancellation_and_the_reinstatement_that_followed_it_go_in_together() =>
        Given(Created(), Scheduled("2018-05-10", "2018-06-12"))
            .When(new CancelMeeting(Facts("2018-05-24")), new ReinstateMeeting(Facts("2018-06-01", start: "2018-06-12")))
            .ThenAccepted();

    [Fact]
    public void Correcting_a_cancellation_that_was_never_recorded_is_refused() =>
        Given(Created())
            .When(new CancelMeeting(Facts("2018-05-24"), Correction: true))
            .ThenRefused("status.nothing-to-correct");

    [Fact]
    public void A_record_cannot_be_linked_to_itself() =>
        Given(Created())
            .When(new AddLink(Guid.CreateVersion7(), LinkRelation.RelatedTo, RecordId))
            .ThenRefused("link.to-itself");

    [Fact]
    public void Revising_a_field_that_is_not_descriptive_is_refused_by_its_body()
    {
        var (read, error) = CommandCatalogue.Read("revise", JsonNode.Parse("""{"status":"held","comment":"x"}"""), Guid.CreateVersion7);

        Assert.Null(read);
        Assert.Contains("status", error!.Fields!.Keys);
        Assert.Equal("input.invalid", error.Code);
    }

    [Fact]
    public void Undoing_a_role_change_that_a_later_edit_changed_again_is_refused_with_the_path()
    {
        var kim = Guid.Parse("0192d4a0-0000-7000-8000-0000000000c2");
        Given(Created(), new ParticipantAdded(kim, LanguageTextOf.Of(("en", "Kim Jong-un")), "Chairman", "KP"),
            new ParticipantRoleChanged(kim, "Chairman of the WPK"), new ParticipantRoleChanged(kim, "Chairman of the State Affairs Commission"));
        var past = new Chronology.Domain.Records.Reverting.PastStates(new Dictionary<int, Record>
        {
            [2] = History.Fold(RecordId, [[Created()], [new ParticipantAdded(kim, LanguageTextOf.Of(("en", "Kim Jong-un")), "Chairman", "KP")]])!,
            [3] = History.Fold(RecordId, [[Created()], [new ParticipantAdded(kim, LanguageTextOf.Of(("en", "Kim Jong-un")), "Chairman", "KP")], [new ParticipantRoleChanged(kim, "Chairman of the WPK")]])!,
        });

        var decision = Edit.Decide(RecordId, State, [new UndoRevision(3)], past);

        Assert.Equal("undo.conflict", decision.Refusal!.Code);
        Assert.Equal([$"/participants/{kim}/role"], decision.Refusal.Fields!["paths"]);
    }

    [Fact]
    public void Citing_a_source_answers_the_item_id_minted_from_the_body()
    {
        var (read, error) = CommandCatalogue.Read("citeSource", JsonNode.Parse("""{"url":"https://www.nknews.org/","title":"NK News"}"""), () => Letter);

        Assert.Null(error);
        Assert.Equal(Letter, Assert.IsType<CiteSource>(read!.Command).ItemId);
    }

    [Fact]
    public void Adding_then_changing_a_participant_reads_from_the_same_catalogue_as_imports()
    {
        var (added, _) = CommandCatalogue.Read("addParticipant", JsonNode.Parse("""{"name":{"en":"Moon Jae-in"},"role":"President"}"""), () => Letter);
        var (changed, _) = CommandCatalogue.Read("changeParticipantRole", JsonNode.Parse($$"""{"itemId":"{{Letter}}","role":"President of the Republic of Korea"}"""), Guid.CreateVersion7);

        Given(Created()).When(added!.Command, changed!.Command).ThenAccepted();
        Assert.Equal("President of the Republic of Korea", Assert.Single(State!.Participants).Role);
        Assert.IsType<AddParticipant>(added.Command);
        Assert.IsType<ChangeParticipantRole>(changed.Command);
    }
}
