namespace Chronology.Domain.Records;

/// <summary>A place the meeting had from <see cref="On"/> (valid time); no date means from the beginning.</summary>
public sealed record PlaceEntry(Place Place, EdtfDate? On, int Revision);
