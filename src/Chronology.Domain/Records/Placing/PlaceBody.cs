using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Placing;

/// <summary>The body of <c>place</c>.</summary>
public sealed record PlaceBody : EditBody
{
    [Description("The place's name per BCP 47 language tag, e.g. {\"en\": \"Capella Hotel, Sentosa\"}.")]
    [Required]
    public Dictionary<string, string?>? Name { get; init; }

    public string? Locality { get; init; }

    [Description("ISO 3166-1 alpha-2 country code, e.g. \"SG\".")]
    public string? Country { get; init; }

    public PlaceCoordinates? Coordinates { get; init; }

    [Description("Since when the meeting is there (EDTF, valid time); leave out for a correction, which holds for all valid time.")]
    public string? On { get; init; }

    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        var place = new Place(
            validation.LanguageText("name", Name, Validation.ShortTextLimit, required: true),
            validation.Text("locality", Locality, Validation.ShortTextLimit),
            validation.Country("country", Country),
            validation.Coordinates("coordinates", Coordinates?.Lat, Coordinates?.Lon));
        var on = validation.Date("on", On);
        if (Correction && on is not null) validation.Add("on", "a correction holds for all valid time; leave 'on' out.");
        return validation.IsValid ? new SetPlace(place, on, Correction) : null;
    }
}
