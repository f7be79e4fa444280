using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Placing;

/// <summary>Where the meeting is (from <see cref="On"/>), or, as a correction, where it always was.</summary>
public sealed record SetPlace(Place Place, EdtfDate? On, bool Correction) : IRecordCommand;

public sealed record PlaceBody : EditBody, ICommandBody
{
    public Dictionary<string, string?>? Name { get; init; }
    public string? Locality { get; init; }
    public string? Country { get; init; }
    public CoordinatesBody? Coordinates { get; init; }
    public string? On { get; init; }

    public sealed record CoordinatesBody(double? Lat, double? Lon);

    public IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId, bool correction)
    {
        var place = new Place(
            validation.LanguageText("name", Name, Validation.ShortTextLimit, required: true),
            validation.Text("locality", Locality, Validation.ShortTextLimit),
            validation.Country("country", Country),
            validation.Coordinates("coordinates", Coordinates?.Lat, Coordinates?.Lon));
        var on = validation.Date("on", On);
        if (correction && on is not null) validation.Add("on", "a correction holds for all valid time; leave 'on' out.");
        return validation.IsValid ? new SetPlace(place, on, correction) : null;
    }
}

public static class PlaceDecision
{
    public static Decision Decide(Record record, SetPlace command)
    {
        if (record.Place is { } current && ChronologyJson.Same(current, command.Place)) return Decision.NothingChanged;
        return command.Correction
            ? Decision.Accept(new PlaceCorrected(command.Place))
            : Decision.Accept(new PlaceChanged(command.Place, command.On));
    }
}
