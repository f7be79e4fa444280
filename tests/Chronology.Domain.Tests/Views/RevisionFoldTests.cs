using Chronology.Domain.Records;
using Chronology.Domain.Records.StatusChanges;
using Chronology.Domain.Views;
using JasperFx.Events;

namespace Chronology.Domain.Tests.Views;

/// <summary>
/// The revisions projection folds each record on from where the last batch left it: where a batch ends may not change what
/// a revision says (what it changed against the whole views: <see cref="RevisionChangesProperties"/>).
/// </summary>
public sealed class RevisionFoldTests
{
    private static readonly Guid Id = Guid.Parse("0192d4a0-0000-7000-8000-000000000003");
    private static readonly DateTimeOffset Start = new(2018, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Folding_in_batches_that_end_anywhere_stores_what_one_fold_of_every_event_stores()
    {
        foreach (var seed in Enumerable.Range(1, 20))
        {
            var events = RandomEvents(new Random(seed), 2 * RevisionView.SnapshotEvery + 3);
            var whole = Stored(null, events);
            var random = new Random(seed);
            var cut = random.Next(1, events.Count);
            var resumed = Stored(RevisionTip.Fold(null, events.Take(cut)), events.Skip(cut));
            // A tip kept in memory and a tip folded again from the stored events (after a restart) continue alike.
            var first = new Dictionary<string, string>(Stored(null, events.Take(cut)));
            foreach (var (id, json) in resumed) first[id] = json;
            Assert.Equal(whole, first);
            Assert.Contains(whole.Keys, id => id.EndsWith($":{RevisionView.SnapshotEvery}", StringComparison.Ordinal));
        }
    }

    private static Dictionary<string, string> Stored(RevisionTip? tip, IEnumerable<IEvent> events)
    {
        var stored = new Dictionary<string, string>();
        RevisionTip.Fold(tip, events, revision => stored[revision.Id] = System.Text.Json.JsonSerializer.Serialize(revision, ChronologyJson.Options));
        return stored;
    }

    /// <summary>A record's events under random edits, one or two events a revision, as the event store hands them out.</summary>
    private static List<IEvent> RandomEvents(Random random, int revisions)
    {
        var events = new StoredEvents(Id, firstSequence: 1000, sequenceStep: 3);
        var participants = new List<Guid>();
        void Add(int revision, IRecordEvent data) => events.Add(data, revision, Start.AddMinutes(revision), $"editor {revision % 3}");

        Add(1, new RecordCreated(RecordKind.Summit, LanguageTextOf.Of(("en", "Summit")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], "Asia/Seoul"));
        for (var revision = 2; revision <= revisions; revision++)
            for (var count = random.Next(1, 3); count > 0; count--)
            {
                var participant = Guid.CreateVersion7();
                IRecordEvent data = random.Next(7) switch
                {
                    0 => new ParticipantAdded(participant, LanguageTextOf.Of(("en", $"P{revision}")), "role", "KR"),
                    1 when participants.Count > 0 => new ParticipantRoleChanged(participants[random.Next(participants.Count)], $"role {revision}"),
                    2 when participants.Count > 0 => new ParticipantRemoved(participants[random.Next(participants.Count)]),
                    3 => new SummaryRevised(LanguageTextOf.Of(("en", $"Summary {revision}"))),
                    4 => new MeetingScheduled(new StatusFacts(EdtfDate.Parse($"2018-05-1{random.Next(10)}"), EdtfDate.Parse($"2018-06-1{random.Next(10)}"), null, null, null, [])),
                    5 => new TagsRevised([$"t{random.Next(3)}"]),
                    _ => new OutcomeRecorded(Guid.CreateVersion7(), LanguageTextOf.Of(("en", $"Outcome {revision}"))),
                };
                if (data is ParticipantAdded) participants.Add(participant);
                if (data is ParticipantRemoved removed) participants.Remove(removed.ParticipantId);
                Add(revision, data);
            }
        return events;
    }
}
