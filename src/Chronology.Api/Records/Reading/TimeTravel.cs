using System.Globalization;
using Chronology.Domain.Dates;

namespace Chronology.Api.Records.Reading;

/// <summary>Which state of a record a read asks for: a revision or an instant of recorded time, and/or a date of valid time.</summary>
public sealed record TimeTravel(int? Revision, DateTimeOffset? KnownAt, EdtfDate? ValidAt, int? MinRevision)
{
    /// <summary>The record as the current view shows it, without waiting for any revision.</summary>
    public static readonly TimeTravel Now = new(null, null, null, null);

    public static (TimeTravel? Query, IResult? Problem) Read(string? revision, string? knownAt, string? validAt, string? minRevision)
    {
        var errors = new Dictionary<string, string[]>();
        int? Revision(string name, string? text)
        {
            if (text is null) return null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1) return number;
            errors[name] = [$"'{text}' is not a revision number (1, 2, 3, …)."];
            return null;
        }

        DateTimeOffset? instant = null;
        if (knownAt is not null)
        {
            // An instant given to the second (as responses write them) covers that whole second.
            if (DateTimeOffset.TryParse(knownAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                instant = knownAt.Contains('.') || parsed > DateTimeOffset.MaxValue.AddSeconds(-1) ? parsed : parsed.AddSeconds(1).AddTicks(-1);
            else errors["knownAt"] = [$"'{knownAt}' is not an instant such as 2019-01-01T00:00:00Z."];
        }
        EdtfDate? date = null;
        if (validAt is not null && !EdtfDate.TryParse(validAt, out date, out var error)) errors["validAt"] = [$"'{validAt}' is not an EDTF date: {error}"];

        var query = new TimeTravel(Revision("revision", revision), instant, date, Revision("minRevision", minRevision));
        if (query is { Revision: not null, KnownAt: not null }) errors["knownAt"] = ["ask for a revision or an instant, not both."];
        return errors.Count == 0
            ? (query, null)
            : (null, Problems.ProblemAnswers.InvalidInput(string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors));
    }
}
