namespace Chronology.Domain.Records.StatusChanges;

/// <summary>
/// What every status change says about the world: on <see cref="On"/> it happened, for the meeting's <see cref="Start"/>
/// (and <see cref="End"/>) where the change dates the meeting, announced <see cref="By"/> whom, for what <see cref="Reason"/>,
/// as the cited <see cref="Sources"/> report. Commands, bodies, events and status entries all carry this one value.
/// </summary>
public sealed record StatusFacts(
    EdtfDate On,
    EdtfDate? Start,
    EdtfDate? End,
    string? By,
    string? Reason,
    ImmutableList<Guid> Sources);
