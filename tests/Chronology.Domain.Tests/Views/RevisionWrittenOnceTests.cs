using Chronology.Domain.Records;
using Chronology.Domain.Views;
using JasperFx.Events;

namespace Chronology.Domain.Tests.Views;

/// <summary>
/// A rebuild hands the projection batches that end between revisions (the daemon reads the log in order, and a record's
/// next revision comes in a later batch): a revision stored at the end of one batch is not diffed and written again when
/// the next batch starts the revision after it.
/// </summary>
public sealed class RevisionWrittenOnceTests
{
    private static readonly Guid Id = Guid.Parse("0192d4a0-0000-7000-8000-000000000004");

    [Fact]
    public void Batches_ending_between_revisions_hand_each_revision_to_be_stored_once()
    {
        var events = Events(40, eventsPerRevision: 1);
        var stored = new List<RevisionView>();
        RevisionTip? tip = null;
        foreach (var e in events) tip = RevisionTip.Fold(tip, [e], stored.Add);

        Assert.Equal(Enumerable.Range(1, 40), stored.Select(revision => revision.Revision));
    }

    [Fact]
    public void A_revision_a_batch_ended_inside_is_stored_again_with_the_rest_of_its_events()
    {
        var events = Events(3, eventsPerRevision: 2);
        var stored = new List<RevisionView>();
        RevisionTip? tip = null;
        foreach (var e in events) tip = RevisionTip.Fold(tip, [e], stored.Add);

        Assert.Equal([1, 2, 2, 3, 3], stored.Select(revision => revision.Revision));
        Assert.Equal([1, 1, 2, 1, 2], stored.Select(revision => revision.EventTypes.Count));
    }

    [Fact]
    public void A_tip_folded_again_from_stored_events_writes_its_open_revision_again()
    {
        // Folded from the database (no memory of what was written), the open revision is written again when the next
        // revision starts: the view before it is known only from that fold.
        var events = Events(3, eventsPerRevision: 1);
        var stored = new List<RevisionView>();
        RevisionTip.Fold(RevisionTip.Fold(null, events.Take(2)), events.Skip(2), stored.Add);

        Assert.Equal([2, 3], stored.Select(revision => revision.Revision));
    }

    private static List<IEvent> Events(int revisions, int eventsPerRevision)
    {
        var events = new StoredEvents(Id, firstSequence: 500, sequenceStep: 1);
        void Add(int revision, IRecordEvent data) =>
            events.Add(data, revision, new DateTimeOffset(2018, 6, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(revision), "editor");

        Add(1, new RecordCreated(RecordKind.Summit, LanguageTextOf.Of(("en", "Summit")), LanguageTextOf.NoNames, LanguageTextOf.Empty, [], "Asia/Seoul"));
        for (var revision = 2; revision <= revisions; revision++)
            for (var count = 0; count < eventsPerRevision; count++)
                Add(revision, new SummaryRevised(LanguageTextOf.Of(("en", $"Summary {revision}.{count}"))));
        return events;
    }
}
