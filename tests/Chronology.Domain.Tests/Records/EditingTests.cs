using Chronology.Domain.Records.StatusChanges;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.AddingParticipants;
using Chronology.Domain.Records.ChangingParticipantRoles;
using Chronology.Domain.Records.RemovingParticipants;
using Chronology.Domain.Records.Placing;
using Chronology.Domain.Records.Revising;

namespace Chronology.Domain.Tests.Records;

public sealed class EditingTests : RecordSpecification
{
    private static readonly Place PeaceHouse = new(LanguageTextOf.Of(("zh-Hant", "和平之家"), ("en", "Peace House")), "Panmunjom (south side)", "KR", null);
    private static readonly Place Tongilgak = new(LanguageTextOf.Of(("zh-Hant", "統一閣"), ("en", "Tongilgak")), "Panmunjom (north side)", "KP", new Coordinates(37.956, 126.677));

    [Fact]
    public void Creating_a_record_starts_it_at_revision_1_as_proposed()
    {
        var events = When(new CreateRecord(RecordKind.Summit, LanguageTextOf.Of(("en", "x")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], null)).ThenAccepted();
        Assert.IsType<RecordCreated>(Assert.Single(events));
        Assert.Equal(1, State!.Revision);
        Assert.Equal(MeetingStatus.Proposed, State.Status);
    }

    [Fact]
    public void Creating_a_record_twice_is_refused() =>
        Given(Created()).When(new CreateRecord(RecordKind.Summit, LanguageTextOf.Of(("en", "x")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], null))
            .ThenRefused("record.already-exists");

    [Fact]
    public void Editing_a_record_that_does_not_exist_is_refused_as_not_found() =>
        When(new SetPlace(Tongilgak, null, false)).ThenRefused("record.not-found");

    [Fact]
    public void Setting_the_place_it_already_has_produces_no_event_and_no_revision()
    {
        Given(Created(), new PlaceChanged(Tongilgak, null)).When(new SetPlace(Tongilgak, null, false)).ThenNothingChanged();
        Assert.Equal(2, State!.Revision);
    }

    [Fact]
    public void A_place_correction_replaces_the_wrong_place_for_all_valid_time()
    {
        var events = Given(Created(), new PlaceChanged(PeaceHouse, On("2018-05-26"))).When(new SetPlace(Tongilgak, null, true)).ThenAccepted();
        Assert.IsType<PlaceCorrected>(Assert.Single(events));
        var entry = Assert.Single(State!.PlaceEntries);
        Assert.Equal("統一閣", entry.Place.Name["zh-Hant"]);
        Assert.Equal("2018-05-26", entry.On!.ToString());
    }

    [Fact]
    public void A_place_change_keeps_the_earlier_place_in_valid_time()
    {
        Given(Created(), new PlaceChanged(PeaceHouse, On("2018-05-01"))).When(new SetPlace(Tongilgak, On("2018-05-20"), false)).ThenAccepted();
        Assert.Equal(2, State!.PlaceEntries.Count);
        Assert.Equal("Tongilgak", State.Place!.Name["en"]);
    }

    [Fact]
    public void Participants_are_added_with_stable_ids_and_removed_by_id()
    {
        var kim = Guid.Parse("0192d4a0-0000-7000-8000-0000000000aa");
        Given(Created()).When(new AddParticipant(kim, LanguageTextOf.Of(("en", "Kim Jong-un")), "Chairman", "KP")).ThenAccepted();
        When(new ChangeParticipantRole(kim, "Chairman of the State Affairs Commission")).ThenAccepted();
        Assert.Equal("Chairman of the State Affairs Commission", Assert.Single(State!.Participants).Role);
        When(new ChangeParticipantRole(kim, "Chairman of the State Affairs Commission")).ThenNothingChanged();
        When(new RemoveParticipant(kim)).ThenAccepted();
        Assert.Empty(State!.Participants);
        When(new RemoveParticipant(kim)).ThenRefused("participant.not-found");
    }

    [Fact]
    public void A_merge_patch_changes_only_the_fields_it_names()
    {
        var patch = JsonNode.Parse("""{"title": {"en": "2018 North Korea–United States Singapore Summit"}, "timeZone": null, "tags": ["US–DPRK"]}""")!.AsObject();
        var events = Given(Created()).When(new ReviseRecord(patch)).ThenAccepted();

        Assert.Equal([typeof(TitleRevised), typeof(TagsRevised), typeof(TimeZoneChanged)], events.Select(e => e.GetType()));
        Assert.Equal("2018年朝美首腦會談", State!.Title["zh-Hant"]);
        Assert.Equal("2018 North Korea–United States Singapore Summit", State.Title["en"]);
        Assert.Null(State.TimeZone);
    }

    [Fact]
    public void A_merge_patch_that_leaves_no_title_is_refused_as_invalid()
    {
        var patch = JsonNode.Parse("""{"title": {"en": null, "zh-Hant": null}}""")!.AsObject();
        Given(Created()).When(new ReviseRecord(patch)).ThenRefused("input.invalid");
    }

    [Fact]
    public void A_merge_patch_with_a_wrong_type_is_refused_as_invalid()
    {
        var patch = JsonNode.Parse("""{"kind": 5}""")!.AsObject();
        Given(Created()).When(new ReviseRecord(patch)).ThenRefused("input.invalid");
    }

    [Fact]
    public void A_merge_patch_that_changes_nothing_produces_no_event()
    {
        var patch = JsonNode.Parse("""{"kind": "summit"}""")!.AsObject();
        Given(Created()).When(new ReviseRecord(patch)).ThenNothingChanged();
    }

    [Fact]
    public void Revisions_count_accepted_commands_not_events()
    {
        var state = History.Fold(RecordId, [[Created()], [Announced("2018-03-08"), Scheduled("2018-05-10", "2018-06-12")], [Cancelled("2018-05-24")]]);
        Assert.Equal(3, state!.Revision);
        Assert.Equal(2, state.StatusEntries.Single(e => e.Change == StatusChange.Scheduled).Revision);
    }

    public static TheoryData<string> EveryEvent() => new(SampleEvents().Select(e => e.GetType().Name));

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void Every_event_round_trips_through_json_exactly(string eventType)
    {
        var original = SampleEvents().Single(e => e.GetType().Name == eventType);
        // Personal values are stored as commitments, so an event is sealed before it is stored.
        _ = Chronology.Domain.PersonalData.PersonalValues.Openings(RecordId, [original]).ToList();
        var json = JsonSerializer.Serialize(original, original.GetType(), ChronologyJson.Options);
        var back = (IRecordEvent)JsonSerializer.Deserialize(json, original.GetType(), ChronologyJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, back.GetType(), ChronologyJson.Options));
        Assert.Equal(original.GetType(), back.GetType());
    }

    [Fact]
    public void Every_event_type_is_in_the_catalogue_with_a_version_and_has_a_sample()
    {
        var eventTypes = typeof(IRecordEvent).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IRecordEvent).IsAssignableFrom(t)).ToHashSet();
        Assert.Equal(eventTypes, EventCatalogue.Events.Select(e => e.Type).ToHashSet());
        Assert.Equal(eventTypes, SampleEvents().Select(e => e.GetType()).ToHashSet());
        Assert.Equal(EventCatalogue.Events.Count, EventCatalogue.Events.Select(e => e.Name).Distinct().Count());
        Assert.Equal("meeting_cancelled.v1", EventCatalogue.StoredName(typeof(MeetingCancelled)));
    }

    private static IEnumerable<IRecordEvent> SampleEvents()
    {
        var id = Guid.Parse("0192d4a0-0000-7000-8000-0000000000bb");
        var names = LanguageTextOf.NoNames.Add("zh-Hant", ["5.26南北韓首腦會談", "2018年第2次朝韩首脑会谈"]);
        return
        [
            new RecordCreated(RecordKind.Summit, LanguageTextOf.Of(("zh-Hant", "2018年5月南北韓首腦會談"), ("en", "May 2018 inter-Korean summit")), names, LanguageTextOf.Of(("en", "The fourth summit")), ["inter-Korean summits"], "Asia/Seoul"),
            new TitleRevised(LanguageTextOf.Of(("en", "t"))),
            new AliasesRevised(names),
            new SummaryRevised(LanguageTextOf.Of(("ko", "요약"))),
            new KindChanged(RecordKind.Talks),
            new TagsRevised(["a", "b"]),
            new TimeZoneChanged("Asia/Seoul"),
            Announced("2018-03-08"),
            new MeetingScheduled(new StatusFacts(On("2018-05-26"), On("2018-05-26T15:00:00+09:00"), On("2018-05-26T17:00:00+09:00"), "Moon Jae-in", "asked by Kim", [id])),
            new MeetingRescheduled(new StatusFacts(On("2018-05"), On("2018-06-12"), null, null, null, [])),
            Postponed("2018-05-10"),
            Cancelled("2018-05-24"),
            Reinstated("2018-06-01"),
            Held("2018-06-12"),
            new StatusEntryCorrected(2, new StatusFacts(On("2018-08-13"), On("2018-09-18"), On("2018-09-20"), null, "precise dates", [id])),
            new StatusEntryWithdrawn(3),
            new PlaceChanged(Tongilgak, On("2018-05-26")),
            new PlaceCorrected(PeaceHouse),
            new PlaceCleared(),
            new RevisionReverted(3),
            new RevisionUndone(4),
            new ParticipantAdded(id, LanguageTextOf.Of(("zh-Hant", "金正恩"), ("en", "Kim Jong-un")), "Chairman of the State Affairs Commission", "KP"),
            new ParticipantRemoved(id),
            new ParticipantRoleChanged(id, null),
            new OutcomeRecorded(id, LanguageTextOf.Of(("en", "High-level talks on 1 June"))),
            new OutcomeRetracted(id),
            new SourceCited(id, "https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談", "2018年5月南北韓首腦會談", "Wikipedia", On("2018-05-27"), "破格的"),
            new SourceWithdrawn(id),
            new LinkAdded(id, LinkRelation.FollowUpOf, RecordId),
            new LinkRemoved(id),
        ];
    }
}
