namespace Chronology.Api.Admin;

/// <summary>One async projection: version, position, high water mark, lag in events and seconds, state, the failure it stopped on, dead letters.</summary>
public sealed record ProjectionItem(
    string Name, uint Version, long Position, long HighWaterMark, long LagEvents, double LagSeconds, string State, long DeadLetters,
    ProjectionFailure? Failure);
