using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.Announcing;
using Chronology.Domain.Records.Cancelling;
using Chronology.Domain.Records.Holding;
using Chronology.Domain.Records.Postponing;
using Chronology.Domain.Records.Reinstating;
using Chronology.Domain.Records.Rescheduling;
using Chronology.Domain.Records.Scheduling;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Tests.Records;

/// <summary>Given the revisions of a record, when an editor sends commands, then these events or that refusal.</summary>
public abstract class RecordSpecification
{
    protected static readonly Guid RecordId = Guid.Parse("0192d4a0-0000-7000-8000-000000000001");

    private readonly List<IReadOnlyList<IRecordEvent>> history = [];
    private Decision? decision;

    public Record? State => History.Fold(RecordId, history);

    /// <summary>Each event given is one revision.</summary>
    public RecordSpecification Given(params IRecordEvent[] revisions)
    {
        history.AddRange(revisions.Select(e => (IReadOnlyList<IRecordEvent>)[e]));
        return this;
    }

    public RecordSpecification When(params IRecordCommand[] commands)
    {
        decision = Edit.Decide(RecordId, State, commands);
        if (!decision.IsRefused && decision.Events.Count > 0) history.Add(decision.Events);
        return this;
    }

    public IReadOnlyList<IRecordEvent> ThenAccepted()
    {
        Assert.NotNull(decision);
        Assert.Null(decision.Refusal);
        return decision.Events;
    }

    public void ThenRefused(string code)
    {
        Assert.NotNull(decision);
        Assert.True(decision.IsRefused, $"expected refusal {code}, got events {string.Join(", ", decision.Events.Select(e => e.GetType().Name))}");
        Assert.Equal(code, decision.Refusal!.Code);
    }

    public void ThenNothingChanged()
    {
        Assert.NotNull(decision);
        Assert.Null(decision.Refusal);
        Assert.Empty(decision.Events);
    }

    protected static EdtfDate On(string edtf) => EdtfDate.Parse(edtf);

    protected static RecordCreated Created(string title = "2018年朝美首腦會談") => new(
        RecordKind.Summit, LanguageTextOf.Of(("zh-Hant", title), ("en", "2018 US–DPRK summit")), LanguageTextOf.NoNames,
        LanguageTextOf.Empty, [], "Asia/Singapore");

    protected static MeetingAnnounced Announced(string on) => new(new StatusFacts(On(on), null, null, "Donald Trump", null, []));

    protected static MeetingScheduled Scheduled(string on, string start) => new(new StatusFacts(On(on), On(start), null, null, null, []));

    protected static MeetingCancelled Cancelled(string on) => new(new StatusFacts(On(on), null, null, "Donald Trump", "letter to Kim Jong-un", []));

    protected static MeetingReinstated Reinstated(string on) => new(new StatusFacts(On(on), null, null, "Donald Trump", null, []));

    protected static MeetingPostponed Postponed(string on) => new(new StatusFacts(On(on), null, null, null, null, []));

    protected static MeetingHeld Held(string on) => new(new StatusFacts(On(on), null, null, null, null, []));

    /// <summary>The use case's command for a change of kind <paramref name="change"/>, as its HTTP route would send it.</summary>
    protected static StatusChangeCommand Change(StatusChange change, string on, string? start = null, string? end = null, bool correction = false) =>
        StatusCommand(change, new StatusFacts(On(on), start is null ? null : On(start), end is null ? null : On(end), null, null, []), correction);

    internal static StatusChangeCommand StatusCommand(StatusChange change, StatusFacts facts, bool correction = false) => change switch
    {
        StatusChange.Announced => new AnnounceMeeting(facts, correction),
        StatusChange.Scheduled => new ScheduleMeeting(facts, correction),
        StatusChange.Rescheduled => new RescheduleMeeting(facts, correction),
        StatusChange.Postponed => new PostponeMeeting(facts, correction),
        StatusChange.Cancelled => new CancelMeeting(facts, correction),
        StatusChange.Reinstated => new ReinstateMeeting(facts, correction),
        StatusChange.Held => new HoldMeeting(facts, correction),
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };
}
