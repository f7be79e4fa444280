using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Placing;

/// <summary>Where the meeting is (from <see cref="On"/>), or, as a correction, where it always was.</summary>
public sealed record SetPlace(Place Place, EdtfDate? On, bool Correction) : IRecordCommand
{
    public Decision Decide(Record record, EditContext context)
    {
        if (record.Place is { } current && ChronologyJson.Same(current, Place)) return Decision.NothingChanged;
        return Correction ? Decision.Accept(new PlaceCorrected(Place)) : Decision.Accept(new PlaceChanged(Place, On));
    }
}
