using System.Text.Json;
using Chronology.Domain.Dates;
using FsCheck.Xunit;

namespace Chronology.Domain.Tests.Dates;

public sealed class EdtfDateTests
{
    private sealed record Meeting(EdtfDate Start);

    [Fact]
    public void Orders_by_earliest_then_latest_instant()
    {
        var dates = new[] { "2018-05-24", "2018-05", "2018", "2017/2019", "2018-01", "../2017" }.Select(EdtfDate.Parse).ToList();

        dates.Sort();

        Assert.Equal(["../2017", "2017/2019", "2018-01", "2018", "2018-05", "2018-05-24"], dates.Select(d => d.ToString()));
    }

    [Fact]
    public void Dates_with_the_same_bounds_are_ordered_by_how_they_are_written()
    {
        var approximate = EdtfDate.Parse("2018~");
        var plain = EdtfDate.Parse("2018");

        Assert.True(plain.CompareTo(approximate) < 0);
        Assert.NotEqual(plain, approximate);
    }

    [Theory]
    [InlineData("2018", "2018-06-01T00:00:00Z", "2018-06-30T23:59:59Z", true)]
    [InlineData("2018-05", "2018-06-01T00:00:00Z", "2018-06-30T23:59:59Z", false)]
    [InlineData("2018-05-31", "2018-05-31T23:59:59Z", "2018-06-30T23:59:59Z", true)]
    [InlineData("2018-06/..", "2030-01-01T00:00:00Z", "2030-12-31T23:59:59Z", true)]
    [InlineData("../1985", "1986-01-01T00:00:00Z", "1986-12-31T23:59:59Z", false)]
    [InlineData("2018-05-26T15:00:00+09:00", "2018-05-26T06:00:00Z", "2018-05-26T06:00:00Z", true)]
    public void Overlaps_a_range_when_any_instant_is_shared(string edtf, string from, string to, bool overlaps)
    {
        Assert.Equal(overlaps, EdtfDate.Parse(edtf).Overlaps(Instant.Parse(from), Instant.Parse(to)));
    }

    [Theory]
    [InlineData("2018")]
    [InlineData("-0400")]
    [InlineData("2018-05-26T15:00:00Z")]
    [InlineData("2018-05-26T15:00:00+09:00/2018-05-26T17:00:00+09:00")]
    [InlineData("2004-06-~01/2004-06-~20")]
    [InlineData("2018-06/")]
    [InlineData("Y170000002")]
    [InlineData("{1667,1668,1670..1672}")]
    public void Canonical_string_reads_back_as_an_equal_value(string edtf)
    {
        var date = EdtfDate.Parse(edtf);

        var again = EdtfDate.Parse(date.ToString());

        Assert.Equal(edtf, date.ToString());
        Assert.Equal(date, again);
        Assert.Equal(date.GetHashCode(), again.GetHashCode());
        Assert.True(date == again);
    }

    [Fact]
    public void Json_round_trips_as_the_edtf_string()
    {
        var meeting = new Meeting(EdtfDate.Parse("2018-05-26T15:00:00+09:00"));

        var json = JsonSerializer.Serialize(meeting);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("2018-05-26T15:00:00+09:00", document.RootElement.GetProperty("Start").GetString());
        Assert.Equal(meeting, JsonSerializer.Deserialize<Meeting>(json));
    }

    [Fact]
    public void Json_with_an_invalid_date_fails_with_the_parsers_explanation()
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EdtfDate>("\"2018-13\""));

        Assert.Contains("month 13 does not exist", exception.Message);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EdtfDate>("2018"));
    }

    [Theory]
    [InlineData("2018", EdtfPrecision.Year)]
    [InlineData("201X", EdtfPrecision.Year)]
    [InlineData("2001-21", EdtfPrecision.Season)]
    [InlineData("2018-05", EdtfPrecision.Month)]
    [InlineData("2018-05-26?", EdtfPrecision.Day)]
    [InlineData("2018-05-26T15:00:00", EdtfPrecision.DateTime)]
    [InlineData("2018-05/2018-06-01", EdtfPrecision.Month)]
    [InlineData("../2018-06-01", EdtfPrecision.Day)]
    public void Knows_its_precision(string edtf, EdtfPrecision precision)
    {
        Assert.Equal(precision, EdtfDate.Parse(edtf).Precision);
    }

    [Fact]
    public void An_interval_has_its_two_dates_as_parts()
    {
        var talks = EdtfDate.Parse("2018-05-26T15:00:00+09:00/2018-05-26T17:00:00+09:00");

        Assert.True(talks.IsInterval);
        Assert.Equal(EdtfDate.Parse("2018-05-26T15:00:00+09:00"), talks.IntervalStart);
        Assert.Equal(EdtfDate.Parse("2018-05-26T17:00:00+09:00"), talks.IntervalEnd);
        Assert.Equal("2018-05-26T06:00:00Z", talks.Earliest.ToString());
        Assert.Equal("2018-05-26T08:00:00Z", talks.Latest.ToString());
    }

    [Fact]
    public void An_open_or_unknown_end_has_no_part_and_the_widest_bound()
    {
        var inOffice = EdtfDate.Parse("2018-06/..");
        var endUnknown = EdtfDate.Parse("2018-06/");
        var startUnknown = EdtfDate.Parse("/1985");

        Assert.True(inOffice.EndOpen);
        Assert.Null(inOffice.IntervalEnd);
        Assert.Equal(Instant.MaxValue, inOffice.Latest);
        Assert.True(endUnknown.EndUnknown);
        Assert.False(endUnknown.EndOpen);
        Assert.Equal(Instant.MaxValue, endUnknown.Latest);
        Assert.True(startUnknown.StartUnknown);
        Assert.Null(startUnknown.IntervalStart);
        Assert.Equal(Instant.MinValue, startUnknown.Earliest);
        Assert.Equal(EdtfDate.Parse("1985"), startUnknown.IntervalEnd);
    }

    [Fact]
    public void A_single_date_is_not_an_interval()
    {
        var date = EdtfDate.Parse("2018-05-26");

        Assert.False(date.IsInterval);
        Assert.Null(date.IntervalStart);
        Assert.Null(date.IntervalEnd);
    }

    [Fact]
    public void A_whole_day_gives_its_calendar_date_and_no_time()
    {
        var day = EdtfDate.Parse("-0400-03-01");

        Assert.Equal(new CalendarDate(-400, 3, 1), day.CalendarDate);
        Assert.Null(day.UtcOffset);
        Assert.Null(day.DateTimeOffset);
        Assert.Null(EdtfDate.Parse("2018-05").CalendarDate);
        Assert.Null(EdtfDate.Parse("2018-05-1X").CalendarDate);
    }

    [Fact]
    public void A_date_time_with_an_offset_gives_its_moment_at_that_offset()
    {
        var start = EdtfDate.Parse("2018-05-26T15:00:00+09:00");

        Assert.Equal(new CalendarDate(2018, 5, 26), start.CalendarDate);
        Assert.Equal(TimeSpan.FromHours(9), start.UtcOffset);
        Assert.Equal(new DateTimeOffset(2018, 5, 26, 15, 0, 0, TimeSpan.FromHours(9)), start.DateTimeOffset);
        Assert.Equal(start.Earliest, start.Latest);
    }

    [Fact]
    public void A_date_time_without_an_offset_is_read_as_utc_but_keeps_no_offset()
    {
        var local = EdtfDate.Parse("1985-04-12T23:20:30");
        var utc = EdtfDate.Parse("1985-04-12T23:20:30Z");

        Assert.Null(local.UtcOffset);
        Assert.Equal(TimeSpan.Zero, utc.UtcOffset);
        Assert.Equal(utc.Earliest, local.Earliest);
        Assert.Equal(utc.DateTimeOffset, local.DateTimeOffset);
    }

    [Theory]
    [InlineData("1984?", true, false)]
    [InlineData("2004-06~", false, true)]
    [InlineData("2004-06-11%", true, true)]
    [InlineData("2004", false, false)]
    [InlineData("2004?/2006", true, false)]
    public void Knows_whether_it_is_uncertain_or_approximate(string edtf, bool uncertain, bool approximate)
    {
        var date = EdtfDate.Parse(edtf);

        Assert.Equal(uncertain, date.Uncertain);
        Assert.Equal(approximate, date.Approximate);
        Assert.Equal(uncertain || approximate, date.HasQualifier);
    }

    [Theory]
    [InlineData("156X-12-25", "1560-12-25T00:00:00Z", "1569-12-25T23:59:59Z")]
    [InlineData("20XX-02-29", "2000-02-29T00:00:00Z", "2096-02-29T23:59:59Z")]
    [InlineData("2018-XX-31", "2018-01-31T00:00:00Z", "2018-12-31T23:59:59Z")]
    [InlineData("-1XXX", "-1999-01-01T00:00:00Z", "-1000-12-31T23:59:59Z")]
    [InlineData("XXXX", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z")]
    public void Unspecified_digits_span_every_date_they_can_stand_for(string edtf, string earliest, string latest)
    {
        var date = EdtfDate.Parse(edtf);

        Assert.True(date.HasUnspecifiedDigits);
        Assert.Equal(earliest, date.Earliest.ToString());
        Assert.Equal(latest, date.Latest.ToString());
    }

    [Theory]
    [InlineData("2001-21", "2001-03-01T00:00:00Z", "2001-05-31T23:59:59Z")]
    [InlineData("2001-22", "2001-06-01T00:00:00Z", "2001-08-31T23:59:59Z")]
    [InlineData("2001-23", "2001-09-01T00:00:00Z", "2001-11-30T23:59:59Z")]
    [InlineData("2001-24", "2001-12-01T00:00:00Z", "2002-02-28T23:59:59Z")]
    public void Seasons_are_meteorological_and_winter_runs_into_the_next_year(string edtf, string earliest, string latest)
    {
        var season = EdtfDate.Parse(edtf);

        Assert.Equal(earliest, season.Earliest.ToString());
        Assert.Equal(latest, season.Latest.ToString());
    }

    [Fact]
    public void A_letter_prefixed_year_is_bounded_like_any_year()
    {
        var date = EdtfDate.Parse("Y170000002");

        Assert.Equal("+170000002-01-01T00:00:00Z", date.Earliest.ToString());
        Assert.Equal("+170000002-12-31T23:59:59Z", date.Latest.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2018-05-26T15:00:00?")]
    [InlineData("2018-21-01")]
    [InlineData("Y1700")]
    [InlineData("12000")]
    [InlineData("-0000")]
    [InlineData("../..")]
    [InlineData("2018/2019/2020")]
    [InlineData("2018-05-26T15:00:00+0900")]
    [InlineData("2018-05-26T15:00")]
    [InlineData("XXXX-02-30")]
    [InlineData("19X1-02-29")]
    [InlineData("[1760-01,..1760-02]")]
    public void Refuses_what_is_not_edtf_with_a_reason(string? text)
    {
        Assert.False(EdtfDate.TryParse(text, out var date, out var error));
        Assert.Null(date);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Property]
    public bool A_random_day_reads_back_equal_and_its_bounds_are_in_order(ushort yearSeed, byte monthSeed, byte daySeed)
    {
        var year = yearSeed % 10_000;
        var month = monthSeed % 12 + 1;
        var day = daySeed % ProlepticGregorian.DaysInMonth(year, month) + 1;
        var date = EdtfDate.Parse($"{year:D4}-{month:D2}-{day:D2}");

        var again = EdtfDate.Parse(date.ToString());

        return again.Equals(date)
            && again.CompareTo(date) == 0
            && date.Earliest <= date.Latest
            && date.CalendarDate == new CalendarDate(year, month, day);
    }
}
