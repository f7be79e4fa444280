using Chronology.Domain.Records.StatusChanges;
using System.Text.Json.Nodes;
using Chronology.Domain.Diffs;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Reverting;
using Chronology.Domain.Records.Undoing;
using Chronology.Domain.Views;

namespace Chronology.Domain.Tests.Records;

public sealed class RevertAndUndoTests
{
    private static readonly Guid Id = Guid.Parse("0192d4a0-0000-7000-8000-000000000002");
    private static readonly Place PeaceHouse = new(LanguageTextOf.Of(("zh-Hant", "和平之家"), ("en", "Peace House")), "Panmunjom (south side)", "KR", null);
    private static readonly Place Tongilgak = new(LanguageTextOf.Of(("zh-Hant", "統一閣"), ("en", "Tongilgak")), "Panmunjom (north side)", "KP", null);

    /// <summary>The May 26 summit, one revision per line, as the sample tells it.</summary>
    private static readonly IReadOnlyList<IRecordEvent>[] May26 =
    [
        [new RecordCreated(RecordKind.Summit, LanguageTextOf.Of(("zh-Hant", "2018年5月南北韓首腦會談")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], "Asia/Seoul")],
        [new MeetingScheduled(new StatusFacts(Date("2018-05-26"), Date("2018-05-26T15:00:00+09:00"), Date("2018-05-26T17:00:00+09:00"), null, null, []))],
        [new PlaceChanged(PeaceHouse, null)],
        [new ParticipantAdded(Item(1), LanguageTextOf.Of(("en", "Moon Jae-in")), "President", "KR")],
        [new ParticipantAdded(Item(2), LanguageTextOf.Of(("en", "Kim Jong-un")), "Chairman", "KP")],
        [new PlaceCorrected(Tongilgak)],
        [new MeetingHeld(new StatusFacts(Date("2018-05-26"), null, null, null, null, []))],
        [new ParticipantRoleChanged(Item(1), "President of the Republic of Korea")],
    ];

    [Fact]
    public void Revert_gives_a_new_revision_whose_content_equals_the_old_one_exactly()
    {
        var current = Fold(May26.Length);
        for (var revision = 1; revision <= May26.Length; revision++)
        {
            var decision = Edit.Decide(Id, current, [new RevertToRevision(revision)], Past(revision));
            Assert.Null(decision.Refusal);
            var reverted = Apply(current, decision.Events);
            Assert.Equal(Content(Fold(revision)).ToJsonString(), Content(reverted).ToJsonString());
            if (revision < May26.Length) Assert.IsType<RevisionReverted>(decision.Events[0]);
        }
    }

    [Fact]
    public void Undo_takes_back_one_revision_and_keeps_the_later_ones()
    {
        var current = Fold(May26.Length);
        var decision = Edit.Decide(Id, current, [new UndoRevision(5)], Past(4, 5));

        var undone = Apply(current, decision.Events);
        Assert.Equal([Item(1)], undone.Participants.Select(p => p.Id));
        Assert.Equal("President of the Republic of Korea", undone.Participants[0].Role);
        Assert.Equal("Tongilgak", undone.Place!.Name["en"]);
        Assert.Equal(MeetingStatus.Held, undone.Status);
    }

    [Fact]
    public void Undo_of_an_edit_overwritten_later_is_refused_with_the_path()
    {
        var decision = Edit.Decide(Id, Fold(May26.Length), [new UndoRevision(3)], Past(2, 3));

        Assert.Equal("undo.conflict", decision.Refusal!.Code);
        Assert.Equal(["/place"], decision.Refusal.Fields!["paths"]);
    }

    [Fact]
    public void Undo_of_a_removal_puts_the_item_back_where_it_was_despite_later_inserts()
    {
        IReadOnlyList<IRecordEvent>[] history =
        [
            .. May26,
            [new ParticipantRemoved(Item(1))],
            [new ParticipantAdded(Item(3), LanguageTextOf.Of(("en", "Suh Hoon")), "Director of the NIS", "KR")],
        ];
        var current = History.Fold(Id, history)!;
        var past = new PastStates(new Dictionary<int, Record> { [8] = History.Fold(Id, history.Take(8))!, [9] = History.Fold(Id, history.Take(9))! });

        var undone = Apply(current, Edit.Decide(Id, current, [new UndoRevision(9)], past).Events);
        Assert.Equal([Item(1), Item(2), Item(3)], undone.Participants.Select(p => p.Id));
    }

    [Fact]
    public void Undo_of_a_status_change_withdraws_it_when_nothing_later_depends_on_it()
    {
        IReadOnlyList<IRecordEvent>[] history = [May26[0], May26[1], [new MeetingCancelled(new StatusFacts(Date("2018-05-20"), null, null, null, "called off", []))]];
        var current = History.Fold(Id, history)!;
        var past = new PastStates(new Dictionary<int, Record> { [2] = History.Fold(Id, history.Take(2))!, [3] = current });

        var undone = Apply(current, Edit.Decide(Id, current, [new UndoRevision(3)], past).Events);
        Assert.Equal(MeetingStatus.Scheduled, undone.Status);
    }

    [Fact]
    public void Reverting_to_a_revision_that_does_not_exist_is_refused() =>
        Assert.Equal("revision.not-found", Edit.Decide(Id, Fold(3), [new RevertToRevision(9)], PastStates.None).Refusal!.Code);

    [Fact]
    public void Revision_1_cannot_be_undone() =>
        Assert.Equal("undo.creation", Edit.Decide(Id, Fold(3), [new UndoRevision(1)], PastStates.None).Refusal!.Code);

    /// <summary>For random edit sequences, the patch between any two states applied to the first gives the second.</summary>
    [Fact]
    public void The_diff_between_any_two_states_of_random_histories_applied_to_the_first_gives_the_second()
    {
        var random = new Random(2018);
        for (var run = 0; run < 40; run++)
        {
            var states = RandomHistory(random, 25).Select(state => JsonNode.Parse(RevisionView.Json(RecordView.Of(state, default, default, "editor")))).ToList();
            for (var i = 0; i < states.Count; i++)
                for (var j = 0; j < states.Count; j += 3)
                {
                    var patch = JsonDiff.Patch(states[i], states[j]);
                    Assert.True(JsonNode.DeepEquals(states[j], patch.Apply(states[i])), $"run {run}: patch {i}→{j} was {patch}");
                }
        }
    }

    /// <summary>For random histories, reverting to any revision restores that revision's content exactly.</summary>
    [Fact]
    public void Reverting_random_histories_to_any_revision_restores_its_content()
    {
        var random = new Random(612);
        for (var run = 0; run < 30; run++)
        {
            var states = RandomHistory(random, 20);
            var current = states[^1];
            var target = random.Next(1, states.Count + 1);
            var past = new PastStates(new Dictionary<int, Record> { [target] = states[target - 1] });
            var decision = Edit.Decide(Id, current, [new RevertToRevision(target)], past);
            Assert.Null(decision.Refusal);
            Assert.Equal(Content(states[target - 1]).ToJsonString(), Content(Apply(current, decision.Events)).ToJsonString());
        }
    }

    /// <summary>Accepted states of a record under random commands (refused ones are skipped), revision 1 first.</summary>
    private static List<Record> RandomHistory(Random random, int edits)
    {
        var state = Record.Begin(Id, 1, (RecordCreated)May26[0][0]);
        var states = new List<Record> { state };
        var places = new[] { PeaceHouse, Tongilgak };
        var statuses = Enum.GetValues<StatusChange>();
        for (var i = 0; i < edits; i++)
        {
            IRecordCommand command = random.Next(6) switch
            {
                0 => new Chronology.Domain.Records.AddingParticipants.AddParticipant(Guid.CreateVersion7(), LanguageTextOf.Of(("en", $"P{i}")), $"role {i}", "KR"),
                1 when state.Participants.Count > 0 => new Chronology.Domain.Records.RemovingParticipants.RemoveParticipant(state.Participants[random.Next(state.Participants.Count)].Id),
                2 when state.Participants.Count > 0 => new Chronology.Domain.Records.ChangingParticipantRoles.ChangeParticipantRole(state.Participants[random.Next(state.Participants.Count)].Id, $"role {i}*"),
                3 => new Chronology.Domain.Records.Placing.SetPlace(places[random.Next(2)], null, random.Next(2) == 0),
                4 => RecordSpecification.StatusCommand(statuses[random.Next(statuses.Length)], new StatusFacts(Date($"2018-0{random.Next(1, 10)}-1{random.Next(0, 10)}"), Date("2018-06-12"), null, null, null, [])),
                _ => new Chronology.Domain.Records.AddingOutcomes.AddOutcome(Guid.CreateVersion7(), LanguageTextOf.Of(("en", $"outcome {i}"))),
            };
            var decision = Edit.Decide(Id, state, [command]);
            if (decision.IsRefused || decision.Events.Count == 0) continue;
            state = Apply(state, decision.Events);
            states.Add(state);
        }
        return states;
    }

    private static Record Apply(Record state, IEnumerable<IRecordEvent> events) =>
        events.Aggregate(state, (current, e) => current.With(state.Revision + 1, e));

    private static Record Fold(int revisions) => History.Fold(Id, May26.Take(revisions))!;

    private static PastStates Past(params int[] revisions) => new(revisions.ToDictionary(r => r, Fold));

    /// <summary>What a reader sees of a record, without the edit metadata that every revision changes.</summary>
    private static JsonObject Content(Record state)
    {
        var view = (JsonObject)JsonNode.Parse(RevisionView.Json(RecordView.Of(state, default, default, "")))!;
        view.Remove("revision");
        return view;
    }

    private static EdtfDate Date(string text) => EdtfDate.Parse(text);

    private static Guid Item(int n) => Guid.Parse($"0192d4a0-0000-7000-8000-0000000001{n:00}");
}
