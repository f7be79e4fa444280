namespace Chronology.Domain.Dates;

/// <summary>Reads the forms that combine single dates: intervals "a/b" and sets "[a,b..c]", "{a,b}".</summary>
internal static class EdtfParser
{
    private const string Open = "..";

    public static EdtfDate Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new FormatException("an empty text is not an EDTF date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        }

        if (text == Open)
        {
            throw new FormatException("\"..\" alone is not a date: it marks an open end of an interval, as in 2018-06/..");
        }

        if (text[0] is '[' or '{')
        {
            return ParseSet(text);
        }

        var slash = text.IndexOf('/');
        return slash < 0 ? SingleDateParser.Parse(text) : ParseInterval(text, slash);
    }

    private static EdtfDate ParseInterval(string text, int slash)
    {
        var startText = text[..slash];
        var endText = text[(slash + 1)..];
        if (endText.Contains('/'))
        {
            throw new FormatException($"\"{text}\" has more than one \"/\": an interval has one start and one end");
        }

        if (startText is "" or Open && endText is "" or Open)
        {
            throw new FormatException($"\"{text}\" is not an interval: at least one end must be a date");
        }

        var start = startText is "" or Open ? null : SingleDateParser.Parse(startText);
        var end = endText is "" or Open ? null : SingleDateParser.Parse(endText);
        if (start is not null && end is not null && end.Latest < start.Earliest)
        {
            throw new FormatException($"the interval ends ({end}) before it starts ({start})");
        }

        return new EdtfDate(text)
        {
            IsInterval = true,
            IntervalStart = start,
            IntervalEnd = end,
            StartOpen = startText == Open,
            StartUnknown = startText == "",
            EndOpen = endText == Open,
            EndUnknown = endText == "",
            Earliest = start?.Earliest ?? Instant.MinValue,
            Latest = end?.Latest ?? Instant.MaxValue,
            Precision = (start ?? end)!.Precision,
            Uncertain = start?.Uncertain == true || end?.Uncertain == true,
            Approximate = start?.Approximate == true || end?.Approximate == true,
            HasUnspecifiedDigits = start?.HasUnspecifiedDigits == true || end?.HasUnspecifiedDigits == true,
        };
    }

    // A set lists dates and runs of dates ("1670..1672"); ".." may open the first member or close the last.
    private static EdtfDate ParseSet(string text)
    {
        var closing = text[0] == '[' ? ']' : '}';
        if (text[^1] != closing || text.Length == 2)
        {
            throw new FormatException($"\"{text}\" is not an EDTF set: expected dates between {text[0]} and {closing}, separated by commas");
        }

        var members = text[1..^1].Split(',');
        var dates = new List<EdtfDate>();
        var startOpen = false;
        var endOpen = false;
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            var run = member.IndexOf(Open, StringComparison.Ordinal);
            if (run < 0)
            {
                dates.Add(SingleDateParser.Parse(member));
                continue;
            }

            var from = member[..run];
            var to = member[(run + Open.Length)..];
            if (from == "" && to == "" || from == "" && i != 0 || to == "" && i != members.Length - 1)
            {
                throw new FormatException($"\"{text}\": \"..\" may only open the first member of a set or close the last");
            }

            startOpen |= from == "";
            endOpen |= to == "";
            var runStart = from == "" ? null : SingleDateParser.Parse(from);
            var runEnd = to == "" ? null : SingleDateParser.Parse(to);
            if (runStart is not null && runEnd is not null && runEnd.Latest < runStart.Earliest)
            {
                throw new FormatException($"the run {member} ends ({runEnd}) before it starts ({runStart})");
            }

            dates.AddRange(new[] { runStart, runEnd }.OfType<EdtfDate>());
        }

        return new EdtfDate(text)
        {
            IsSet = true,
            StartOpen = startOpen,
            EndOpen = endOpen,
            Earliest = startOpen ? Instant.MinValue : dates.Min(date => date.Earliest),
            Latest = endOpen ? Instant.MaxValue : dates.Max(date => date.Latest),
            Precision = dates[0].Precision,
            Uncertain = dates.Any(date => date.Uncertain),
            Approximate = dates.Any(date => date.Approximate),
            HasUnspecifiedDigits = dates.Any(date => date.HasUnspecifiedDigits),
        };
    }
}
