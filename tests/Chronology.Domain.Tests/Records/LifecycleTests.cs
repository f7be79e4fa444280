using Chronology.Domain.Records.StatusChanges;
using Chronology.Domain.Records;

namespace Chronology.Domain.Tests.Records;

public sealed class LifecycleTests : RecordSpecification
{
    // Every status a meeting can be in, reached by a plausible history recorded before June 2018.
    private static IRecordEvent[] HistoryEndingIn(MeetingStatus status) => status switch
    {
        MeetingStatus.Proposed => [Created()],
        MeetingStatus.Announced => [Created(), Announced("2018-03-08")],
        MeetingStatus.Scheduled => [Created(), Scheduled("2018-05-10", "2018-06-12")],
        MeetingStatus.Rescheduled => [Created(), Scheduled("2018-05-01", "2018-06-10"), new MeetingRescheduled(new StatusFacts(On("2018-05-10"), On("2018-06-12"), null, null, null, []))],
        MeetingStatus.Postponed => [Created(), Scheduled("2018-05-01", "2018-06-10"), Postponed("2018-05-10")],
        MeetingStatus.Cancelled => [Created(), Scheduled("2018-05-01", "2018-06-10"), Cancelled("2018-05-10")],
        MeetingStatus.Held => [Created(), Scheduled("2018-05-01", "2018-05-10"), Held("2018-05-10")],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    // The whole state machine, written out by hand: "ok" or the refusal code, for every status and change.
    public static TheoryData<MeetingStatus, StatusChange, string> Transitions()
    {
        const string ok = "ok", no = LifecycleErrors.NotAllowedCode, notCancelled = LifecycleErrors.NotCancelledOrPostponedCode,
            cancelled = LifecycleErrors.CancelledCode, twice = LifecycleErrors.AlreadyCancelledCode, held = LifecycleErrors.AlreadyHeldCode;
        var table = new Dictionary<MeetingStatus, string[]>
        {
            //                              announce  schedule   reschedule postpone   cancel  reinstate     hold
            [MeetingStatus.Proposed] = [ok, ok, no, no, ok, notCancelled, ok],
            [MeetingStatus.Announced] = [no, ok, no, ok, ok, notCancelled, ok],
            [MeetingStatus.Scheduled] = [no, no, ok, ok, ok, notCancelled, ok],
            [MeetingStatus.Rescheduled] = [no, no, ok, ok, ok, notCancelled, ok],
            [MeetingStatus.Postponed] = [no, no, ok, no, ok, ok, no],
            [MeetingStatus.Cancelled] = [cancelled, cancelled, cancelled, cancelled, twice, ok, cancelled],
            [MeetingStatus.Held] = [held, held, held, held, held, held, held],
        };
        var changes = new[]
        {
            StatusChange.Announced, StatusChange.Scheduled, StatusChange.Rescheduled, StatusChange.Postponed,
            StatusChange.Cancelled, StatusChange.Reinstated, StatusChange.Held,
        };
        var data = new TheoryData<MeetingStatus, StatusChange, string>();
        foreach (var (from, outcomes) in table)
            for (var i = 0; i < changes.Length; i++) data.Add(from, changes[i], outcomes[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_transition_is_allowed_or_refused_as_the_table_says(MeetingStatus from, StatusChange change, string expected)
    {
        Given(HistoryEndingIn(from)).When(Change(change, "2018-06-01", start: "2018-06-20"));
        if (expected == "ok")
        {
            var events = ThenAccepted();
            Assert.Single(events);
            Assert.Equal(Lifecycle.After(change), State!.Status);
        }
        else
        {
            ThenRefused(expected);
        }
    }

    [Fact]
    public void The_2018_US_DPRK_summit_story_is_accepted_step_by_step()
    {
        Given(Created());
        When(Change(StatusChange.Announced, "2018-03-08")).ThenAccepted();
        When(Change(StatusChange.Scheduled, "2018-05-10", start: "2018-06-12")).ThenAccepted();
        When(Change(StatusChange.Cancelled, "2018-05-24")).ThenAccepted();
        Assert.Equal(MeetingStatus.Cancelled, State!.Status);
        When(Change(StatusChange.Reinstated, "2018-06-01")).ThenAccepted();
        Assert.Equal(MeetingStatus.Scheduled, State!.Status);
        When(Change(StatusChange.Held, "2018-06-12", start: "2018-06-12")).ThenAccepted();

        Assert.Equal(MeetingStatus.Held, State!.Status);
        Assert.Equal(6, State.Revision);
        var intervals = Lifecycle.Intervals(State.StatusEntries)
            .Select(i => $"{i.Status.ToString().ToLowerInvariant()} {i.From}→{i.To?.ToString() ?? "…"}");
        Assert.Equal(
            ["announced 2018-03-08→2018-05-10", "scheduled 2018-05-10→2018-05-24", "cancelled 2018-05-24→2018-06-01",
             "scheduled 2018-06-01→2018-06-12", "held 2018-06-12→…"],
            intervals);
    }

    [Fact]
    public void Status_over_valid_time_does_not_depend_on_the_order_edits_were_recorded_in()
    {
        // The reinstatement is recorded before the cancellation that it undid.
        Given(Created(), Scheduled("2018-05-10", "2018-06-12"));
        When(Change(StatusChange.Cancelled, "2018-05-24"), Change(StatusChange.Reinstated, "2018-06-01")).ThenAccepted();
        var recordedLate = State!;

        Assert.Equal(MeetingStatus.Scheduled, recordedLate.Status);
        Assert.Equal(MeetingStatus.Cancelled, recordedLate.AsOf(On("2018-05-28")).Status);
        Assert.Equal(MeetingStatus.Scheduled, recordedLate.AsOf(On("2018-06-05")).Status);
    }

    [Fact]
    public void A_cancellation_and_reinstatement_can_be_backfilled_together_though_neither_passes_alone()
    {
        IRecordEvent[] history = [Created(), Scheduled("2018-05-10", "2018-06-12"), Held("2018-06-12")];

        Given(history).When(Change(StatusChange.Cancelled, "2018-05-24")).ThenRefused(LifecycleErrors.CancelledCode);
        var reinstateAlone = new LifecycleTests();
        reinstateAlone.Given(history).When(Change(StatusChange.Reinstated, "2018-06-01")).ThenRefused(LifecycleErrors.NotCancelledOrPostponedCode);

        var both = new LifecycleTests();
        var events = both.Given(history)
            .When(Change(StatusChange.Cancelled, "2018-05-24"), Change(StatusChange.Reinstated, "2018-06-01"))
            .ThenAccepted();
        Assert.Equal([typeof(MeetingCancelled), typeof(MeetingReinstated)], events.Select(e => e.GetType()));
        Assert.Equal(4, both.State!.Revision);
        Assert.Equal(MeetingStatus.Held, both.State.Status);
    }

    [Fact]
    public void A_held_meeting_cannot_be_cancelled() =>
        Given(Created(), Scheduled("2018-05-10", "2018-06-12"), Held("2018-06-12"))
            .When(Change(StatusChange.Cancelled, "2018-06-20"))
            .ThenRefused(LifecycleErrors.AlreadyHeldCode);

    [Fact]
    public void Cancelling_before_the_meeting_was_held_is_refused_when_it_was_held_later_without_reinstatement() =>
        Given(Created(), Scheduled("2018-05-10", "2018-06-12"), Held("2018-06-12"))
            .When(Change(StatusChange.Cancelled, "2018-05-24"))
            .ThenRefused(LifecycleErrors.CancelledCode);

    [Fact]
    public void Reinstating_what_was_never_cancelled_is_refused() =>
        Given(Created(), Scheduled("2018-05-10", "2018-06-12"))
            .When(Change(StatusChange.Reinstated, "2018-06-01"))
            .ThenRefused(LifecycleErrors.NotCancelledOrPostponedCode);

    [Fact]
    public void Holding_what_is_cancelled_is_refused() =>
        Given(Created(), Scheduled("2018-05-10", "2018-05-16"), Cancelled("2018-05-16"))
            .When(Change(StatusChange.Held, "2018-05-16"))
            .ThenRefused(LifecycleErrors.CancelledCode);

    [Fact]
    public void An_end_before_the_start_is_refused() =>
        Given(Created())
            .When(Change(StatusChange.Scheduled, "2018-05-10", start: "2018-06-12", end: "2018-06-11"))
            .ThenRefused("schedule.end-before-start");

    [Fact]
    public void A_meeting_recorded_after_the_fact_can_go_straight_to_held()
    {
        Given(Created()).When(Change(StatusChange.Held, "2018-04-27", start: "2018-04-27")).ThenAccepted();
        Assert.Equal(MeetingStatus.Held, State!.Status);
    }

    [Fact]
    public void A_correction_replaces_the_wrong_entry_for_all_valid_time()
    {
        Given(Created(), Announced("2018-08-13"), Scheduled("2018-08-13", "2018-09"));
        var events = When(Change(StatusChange.Scheduled, "2018-08-13", start: "2018-09-18", end: "2018-09-20", correction: true)).ThenAccepted();

        Assert.IsType<StatusEntryCorrected>(Assert.Single(events));
        var schedule = Assert.Single(State!.StatusEntries, e => e.Change == StatusChange.Scheduled);
        Assert.Equal("2018-09-18", schedule.Facts.Start!.ToString());
        Assert.Equal(MeetingStatus.Scheduled, State.Status);
    }

    [Fact]
    public void Correcting_a_change_that_was_never_recorded_is_refused() =>
        Given(Created()).When(Change(StatusChange.Cancelled, "2018-05-24", correction: true)).ThenRefused("status.nothing-to-correct");
}
