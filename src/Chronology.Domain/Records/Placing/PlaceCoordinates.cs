namespace Chronology.Domain.Records.Placing;

/// <summary>WGS 84 latitude and longitude, as sent in a place body.</summary>
public sealed record PlaceCoordinates(double? Lat, double? Lon);
