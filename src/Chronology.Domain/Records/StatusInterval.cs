namespace Chronology.Domain.Records;

public sealed record StatusInterval(MeetingStatus Status, EdtfDate From, EdtfDate? To, int Revision, StatusChange Change);
