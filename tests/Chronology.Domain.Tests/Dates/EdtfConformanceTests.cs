using System.Text.Json;
using Chronology.Domain.Dates;

namespace Chronology.Domain.Tests.Dates;

/// <summary>
/// Checks the parser against the shared EDTF conformance data, ../shared/conformance/edtf/cases.json and
/// invalid.txt (bounds computed by sfomuseum/go-edtf).
/// Every case there, of Levels 0, 1 and 2, is supported and gives the stated bounds. Where we read a
/// case differently, it is only in its qualifier flags:
/// <list type="bullet">
/// <item><c>?2004-06-~11</c> is listed as approximate only; its year is marked uncertain ("?" before it),
/// so we report it as uncertain as well as approximate.</item>
/// <item><c>~-0100/~2020</c> and <c>~-0100/~-0010</c> are listed without qualifiers; both ends are marked
/// approximate ("~"), so we report the interval as approximate.</item>
/// </list>
/// </summary>
public sealed class EdtfConformanceTests
{
    private static readonly Dictionary<string, string> QualifiersReadDifferently = new()
    {
        ["?2004-06-~11"] = "the year is uncertain as well as the day approximate",
        ["~-0100/~2020"] = "both ends are approximate",
        ["~-0100/~-0010"] = "both ends are approximate",
    };

    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Conformance.Folder("edtf"), "cases.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(element => element.Clone()).ToArray();
    });

    // The case's position keeps the rows distinct: 2004-06-11% is listed at Level 1 and again at Level 2.
    public static TheoryData<int, string> ValidCases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < Cases.Value.Length; i++)
        {
            data.Add(i, Cases.Value[i].GetProperty("edtf").GetString()!);
        }

        return data;
    }

    public static TheoryData<string> InvalidCases() =>
        new(File.ReadAllLines(Path.Combine(Conformance.Folder("edtf"), "invalid.txt")).Where(line => line.Length > 0));

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Edtf_conformance_case_gives_stated_bounds(int index, string edtf)
    {
        var expected = Cases.Value[index];

        var parsed = EdtfDate.TryParse(edtf, out var date, out var error);

        Assert.True(parsed, $"{edtf} was refused: {error}");
        if (Flag(expected, "boundsUnstated"))
        {
            return;
        }

        Assert.Equal(Flag(expected, "startOpen"), date!.StartOpen);
        Assert.Equal(Flag(expected, "startUnknown"), date.StartUnknown);
        Assert.Equal(Flag(expected, "endOpen"), date.EndOpen);
        Assert.Equal(Flag(expected, "endUnknown"), date.EndUnknown);
        if (expected.TryGetProperty("earliest", out var earliest))
        {
            Assert.Equal(earliest.GetString(), date.Earliest.ToString());
        }
        else
        {
            Assert.Equal(Instant.MinValue, date.Earliest);
        }

        if (expected.TryGetProperty("latest", out var latest))
        {
            Assert.Equal(latest.GetString(), date.Latest.ToString());
        }
        else
        {
            Assert.Equal(Instant.MaxValue, date.Latest);
        }
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Edtf_conformance_case_has_stated_qualifiers(int index, string edtf)
    {
        var expected = Cases.Value[index];
        var stated = expected.TryGetProperty("qualifiers", out var qualifiers)
            ? qualifiers.EnumerateArray().Select(q => q.GetString()).ToHashSet()
            : [];
        var date = EdtfDate.Parse(edtf);

        if (QualifiersReadDifferently.ContainsKey(edtf))
        {
            Assert.True(date.HasQualifier);
            return;
        }

        Assert.Equal(stated.Contains("uncertain"), date.Uncertain);
        Assert.Equal(stated.Contains("approximate"), date.Approximate);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Edtf_conformance_invalid_string_is_refused_with_a_reason(string text)
    {
        var parsed = EdtfDate.TryParse(text, out var date, out var error);

        Assert.False(parsed, $"{text} was accepted as {date}");
        Assert.False(string.IsNullOrWhiteSpace(error));
        var exception = Assert.Throws<FormatException>(() => EdtfDate.Parse(text));
        Assert.Equal(error, exception.Message);
    }

    [Theory]
    [InlineData("2018-13", "month 13 does not exist")]
    [InlineData("2018-00", "month 00 does not exist")]
    [InlineData("2018-02-30", "February 2018 has 28 days")]
    [InlineData("2019-02-29", "February 2019 has 28 days")]
    [InlineData("2018/2017", "the interval ends (2017) before it starts (2018)")]
    [InlineData("2018-06-14/2018-06-01", "the interval ends (2018-06-01) before it starts (2018-06-14)")]
    [InlineData("1985-04-12T25:00:00", "hour 25 is out of range")]
    [InlineData("1985-04-12T23:61:00", "minute 61 is out of range")]
    [InlineData("1985-04-12T23:20:30+25:00", "offset +25:00 is out of range")]
    [InlineData("abc", "not an EDTF date: expected YYYY, YYYY-MM or YYYY-MM-DD")]
    [InlineData("2018-5-26", "the month must have two digits")]
    [InlineData("18-05-26", "the year must have four digits")]
    [InlineData("2018-05-26 15:00", "joined to its date by T")]
    [InlineData("..", "marks an open end of an interval")]
    public void Edtf_error_message_says_what_is_wrong(string text, string explanation)
    {
        EdtfDate.TryParse(text, out _, out var error);

        Assert.Contains(explanation, error);
    }

    private static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.GetBoolean();
}
