using System.Text.Json.Serialization;

namespace Chronology.Domain.Records;

/// <summary>
/// The write state of one record: everything a decision needs, folded from its events.
/// Immutable: every event gives a new value. <see cref="Revision"/> counts accepted edits, not events.
/// </summary>
public sealed record Record(
    Guid Id,
    int Revision,
    RecordKind Kind,
    LanguageText Title,
    LanguageNames Aliases,
    LanguageText Summary,
    ImmutableList<string> Tags,
    string? TimeZone,
    ImmutableList<StatusEntry> StatusEntries,
    // Entry numbers are never reused, so a withdrawn entry and a later one cannot be confused.
    int StatusEntriesEverRecorded,
    ImmutableList<PlaceEntry> PlaceEntries,
    ImmutableList<Participant> Participants,
    ImmutableList<Outcome> Outcomes,
    ImmutableList<Source> Sources,
    ImmutableList<Link> Links)
{
    /// <summary>The status entries in valid-time order (ties keep the order they were recorded in).</summary>
    [JsonIgnore]
    public IReadOnlyList<StatusEntry> StatusInValidTime => Lifecycle.InValidTimeOrder(StatusEntries);

    [JsonIgnore]
    public MeetingStatus Status => Lifecycle.StatusAfter(StatusInValidTime);

    [JsonIgnore]
    public Place? Place => PlacesInValidTime.LastOrDefault()?.Place;

    [JsonIgnore]
    public IReadOnlyList<PlaceEntry> PlacesInValidTime =>
        PlaceEntries.OrderBy(entry => entry.On?.Earliest ?? Instant.MinValue).ToList();

    public static Record Begin(Guid id, int revision, RecordCreated created) => new(
        id, revision, created.Kind, created.Title, created.Aliases, created.Summary, created.Tags, created.TimeZone,
        [], 0, [], [], [], [], []);

    /// <summary>The state after one more event: the record begins with its creation, then each event changes it.</summary>
    public static Record Next(Record? state, Guid id, int revision, IRecordEvent @event) =>
        state is null ? Begin(id, revision, (RecordCreated)@event) : state.With(revision, @event);

    /// <summary>Folds one event of revision <paramref name="revision"/> into the state.</summary>
    public Record With(int revision, IRecordEvent @event) => (this with { Revision = revision }).With(@event);

    private Record With(IRecordEvent @event) => @event switch
    {
        RecordCreated created => Begin(Id, Revision, created),
        TitleRevised e => this with { Title = e.Title },
        AliasesRevised e => this with { Aliases = e.Aliases },
        SummaryRevised e => this with { Summary = e.Summary },
        KindChanged e => this with { Kind = e.Kind },
        TagsRevised e => this with { Tags = e.Tags },
        TimeZoneChanged e => this with { TimeZone = e.TimeZone },
        StatusChanged e => this with
        {
            StatusEntries = StatusEntries.Add(new StatusEntry(StatusEntriesEverRecorded + 1, e.Change, e.Facts, Revision)),
            StatusEntriesEverRecorded = StatusEntriesEverRecorded + 1,
        },
        StatusEntryCorrected e => this with
        {
            StatusEntries = StatusEntries.Replace(
                StatusEntry(e.Entry),
                StatusEntry(e.Entry) with { Facts = e.Facts, Revision = Revision }),
        },
        StatusEntryWithdrawn e => this with { StatusEntries = StatusEntries.Remove(StatusEntry(e.Entry)) },
        PlaceChanged e => this with { PlaceEntries = PlaceEntries.Add(new PlaceEntry(e.Place, e.On, Revision)) },
        PlaceCorrected e => this with
        {
            PlaceEntries = PlacesInValidTime.LastOrDefault() is { } current
                ? PlaceEntries.Replace(current, current with { Place = e.Place, Revision = Revision })
                : PlaceEntries.Add(new PlaceEntry(e.Place, null, Revision)),
        },
        PlaceCleared => this with { PlaceEntries = [] },
        RevisionReverted or RevisionUndone => this,
        ParticipantAdded e => this with { Participants = Participants.Add(new Participant(e.ParticipantId, e.Name.Value, e.Role?.Value, e.Side)) },
        ParticipantRemoved e => this with { Participants = Participants.RemoveAll(p => p.Id == e.ParticipantId) },
        ParticipantRoleChanged e => this with
        {
            Participants = Participants.Select(p => p.Id == e.ParticipantId ? p with { Role = e.Role?.Value } : p).ToImmutableList(),
        },
        OutcomeRecorded e => this with { Outcomes = Outcomes.Add(new Outcome(e.OutcomeId, e.Text)) },
        OutcomeRetracted e => this with { Outcomes = Outcomes.RemoveAll(o => o.Id == e.OutcomeId) },
        SourceCited e => this with { Sources = Sources.Add(new Source(e.SourceId, e.Url, e.Title, e.Publisher, e.PublishedOn, e.Quote?.Value)) },
        SourceWithdrawn e => this with { Sources = Sources.RemoveAll(s => s.Id == e.SourceId) },
        LinkAdded e => this with { Links = Links.Add(new Link(e.LinkId, e.Relation, e.RecordId)) },
        LinkRemoved e => this with { Links = Links.RemoveAll(l => l.Id == e.LinkId) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "not an event of a record"),
    };

    private StatusEntry StatusEntry(int number) => StatusEntries.Single(entry => entry.Number == number);

    /// <summary>
    /// The record as the world stood on <paramref name="validAt"/>, by everything recorded now: only the status
    /// changes and places that had happened by then (a place without a date holds for all valid time).
    /// </summary>
    public Record AsOf(EdtfDate validAt) => this with
    {
        StatusEntries = StatusEntries.Where(entry => entry.Facts.On.Earliest <= validAt.Latest).ToImmutableList(),
        PlaceEntries = PlaceEntries.Where(entry => entry.On is null || entry.On.Earliest <= validAt.Latest).ToImmutableList(),
    };
}
