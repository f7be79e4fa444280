using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.AddingOutcomes;
using Chronology.Domain.Records.AddingParticipants;
using Chronology.Domain.Records.ChangingParticipantRoles;
using Chronology.Domain.Records.CitingSources;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Placing;
using Chronology.Domain.Records.RemovingLinks;
using Chronology.Domain.Records.RemovingParticipants;
using Chronology.Domain.Records.RetractingOutcomes;
using Chronology.Domain.Records.Reverting;
using Chronology.Domain.Records.Revising;
using Chronology.Domain.Records.StatusChanges;
using Chronology.Domain.Records.Undoing;
using Chronology.Domain.Records.WithdrawingSources;
using Chronology.Domain.Tests.Records;
using Chronology.Domain.Views;
using JasperFx.Events;

namespace Chronology.Domain.Tests.Views;

/// <summary>
/// A revision's changes are diffed from only the members of the view its events may have changed. Over random edits that
/// between them produce every record event, decided as the write path decides them (refused ones left out), every stored
/// revision is the one whose changes are the diff of the two whole views (<see cref="RevisionView.Diff(RecordView?, RecordView)"/>,
/// what the diff endpoint computes) and whose snapshot is the state folded from the events, with the fold run in batches
/// that end anywhere, some of them going on from a tip folded again from the stored events (after a restart).
/// </summary>
public sealed class RevisionChangesProperties
{
    private static readonly Guid Id = Guid.Parse("0192d4a0-0000-7000-8000-000000000005");
    private static readonly DateTimeOffset Start = new(2018, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_revision_of_random_edits_stores_the_changes_between_the_two_whole_views()
    {
        var produced = new HashSet<string>();
        foreach (var seed in Enumerable.Range(1, 60))
        {
            var random = new Random(seed);
            var events = RandomEdits(random, edits: 80);
            produced.UnionWith(events.Select(e => e.Data.GetType().Name));
            foreach (var revision in FoldInRandomBatches(random, events).Values)
                Assert.True(Json(revision) == Json(WithWholeViewChanges(events, revision)), $"seed {seed}, revision {revision.Revision}: {Json(revision)}");
        }
        Assert.Equal(EventCatalogue.Events.Select(e => e.Type.Name).Order(), produced.Order());
    }

    private static RevisionView WithWholeViewChanges(List<IEvent> events, RevisionView revision)
    {
        var upTo = events.TakeWhile(e => EventMetadata.Revision(e) <= revision.Revision).ToList();
        var before = revision.Revision == 1 ? null : View(upTo.Where(e => EventMetadata.Revision(e) < revision.Revision).ToList());
        var after = LiveRecord.Fold(upTo)!;
        return revision with
        {
            Changes = RevisionView.Diff(before, View(upTo)).Changes,
            Snapshot = RevisionView.KeepsSnapshot(revision.Revision) ? after.State : null,
        };
    }

    private static Dictionary<string, RevisionView> FoldInRandomBatches(Random random, List<IEvent> events)
    {
        var stored = new Dictionary<string, RevisionView>();
        RevisionTip? tip = null;
        for (var at = 0; at < events.Count;)
        {
            var batch = events.Skip(at).Take(random.Next(1, 8)).ToList();
            if (at > 0 && random.Next(4) == 0) tip = RevisionTip.Fold(null, events.Take(at));
            tip = RevisionTip.Fold(tip, batch, revision => stored[revision.Id] = revision);
            at += batch.Count;
        }
        return stored;
    }

    private static RecordView View(IReadOnlyList<IEvent> events)
    {
        var record = LiveRecord.Fold(events)!;
        return RecordView.Of(record.State, record.CreatedAt, record.UpdatedAt, record.LastEditor);
    }

    private static string Json(RevisionView revision) => JsonSerializer.Serialize(revision, ChronologyJson.Options);

    /// <summary>A record's events under random edits of one or two commands each, as the event store hands them out.</summary>
    private static List<IEvent> RandomEdits(Random random, int edits)
    {
        var events = new StoredEvents(Id, firstSequence: 2000, sequenceStep: 2);
        var states = new Dictionary<int, Record>();
        Record? state = null;
        for (var n = 0; n < edits; n++)
        {
            IReadOnlyList<IRecordCommand> commands = state is null
                ? [new CreateRecord(RecordKind.Summit, LanguageTextOf.Of(("en", "Summit")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], "Asia/Seoul")]
                : [.. Enumerable.Range(0, random.Next(4) == 0 ? 2 : 1).Select(_ => RandomCommand(random, state, n))];
            var past = new PastStates(commands.OfType<INeedsHistory>().SelectMany(command => command.Revisions)
                .Where(states.ContainsKey).Distinct().ToDictionary(revision => revision, revision => states[revision]));
            var decision = Edit.Decide(Id, state, commands, past);
            if (decision.IsRefused || decision.Events.Count == 0) continue;

            var revision = (state?.Revision ?? 0) + 1;
            foreach (var data in decision.Events)
            {
                events.Add(data, revision, Start.AddMinutes(revision), $"editor {random.Next(3)}");
                state = EventMetadata.Fold(state, events[^1]);
            }
            states[revision] = state!;
        }
        return events;
    }

    private static IRecordCommand RandomCommand(Random random, Record state, int n)
    {
        EdtfDate Date() => EdtfDate.Parse($"2018-0{random.Next(1, 10)}-1{random.Next(10)}");
        Guid Existing(IEnumerable<Guid> ids) => ids.ToList() is { Count: > 0 } known ? known[random.Next(known.Count)] : Guid.CreateVersion7();
        var places = new[]
        {
            new Place(LanguageTextOf.Of(("en", "Peace House")), "Panmunjom", "KR", new Coordinates(37.95, 126.67)),
            new Place(LanguageTextOf.Of(("en", "Tongilgak")), null, null, null),
            new Place(LanguageTextOf.Of(("en", "Hall"), ("ko", "홀")), "Seoul", "KR", null),
        };
        return random.Next(14) switch
        {
            0 => new ReviseRecord(RandomPatch(random, n)),
            1 or 2 => RecordSpecification.StatusCommand(
                Enum.GetValues<StatusChange>()[random.Next(7)],
                new StatusFacts(Date(), random.Next(3) == 0 ? null : Date(), random.Next(2) == 0 ? null : EdtfDate.Parse("2018-10-20"), $"ministry {random.Next(2)}", null, []),
                correction: random.Next(4) == 0),
            3 => new SetPlace(places[random.Next(places.Length)], random.Next(2) == 0 ? null : Date(), Correction: random.Next(3) == 0),
            4 => new AddParticipant(Guid.CreateVersion7(), LanguageTextOf.Of(("en", $"Delegate {n}")), random.Next(3) == 0 ? null : "envoy", "KR"),
            5 => new RemoveParticipant(Existing(state.Participants.Select(p => p.Id))),
            6 => new ChangeParticipantRole(Existing(state.Participants.Select(p => p.Id)), random.Next(3) == 0 ? null : $"role {n}"),
            7 => new AddOutcome(Guid.CreateVersion7(), LanguageTextOf.Of(("en", $"Outcome {n}"))),
            8 => new RetractOutcome(Existing(state.Outcomes.Select(o => o.Id))),
            9 => new CiteSource(Guid.CreateVersion7(), $"https://example.org/{n}", random.Next(2) == 0 ? null : $"Source {n}", "Agency", Date(), null),
            10 => new WithdrawSource(Existing(state.Sources.Select(s => s.Id))),
            11 => random.Next(2) == 0
                ? new AddLink(Guid.CreateVersion7(), Enum.GetValues<LinkRelation>()[random.Next(4)], Guid.CreateVersion7())
                : new RemoveLink(Existing(state.Links.Select(l => l.Id))),
            12 => new RevertToRevision(random.Next(1, state.Revision + 1)),
            _ => new UndoRevision(random.Next(2, state.Revision + 2)),
        };
    }

    /// <summary>A merge patch of some of the descriptive fields, each set anew or back to a value it may have had.</summary>
    private static JsonObject RandomPatch(Random random, int n)
    {
        var patch = new JsonObject();
        if (random.Next(2) == 0) patch["title"] = new JsonObject { ["en"] = $"Summit {random.Next(3)}", ["ko"] = random.Next(2) == 0 ? null : "정상회담" };
        if (random.Next(3) == 0) patch["aliases"] = new JsonObject { ["en"] = new JsonArray($"Alias {n}", "Meeting") };
        if (random.Next(3) == 0) patch["summary"] = new JsonObject { ["en"] = $"Summary {n}" };
        if (random.Next(3) == 0) patch["kind"] = random.Next(2) == 0 ? "talks" : "summit";
        if (random.Next(3) == 0) patch["tags"] = new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(i => (JsonNode)$"t{random.Next(4)}")]);
        if (random.Next(4) == 0) patch["timeZone"] = random.Next(2) == 0 ? null : "Europe/Berlin";
        return patch;
    }
}
