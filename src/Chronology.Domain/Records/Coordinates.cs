namespace Chronology.Domain.Records;

public sealed record Coordinates(double Lat, double Lon);
