using System.Globalization;
using System.Text.Json;
using Chronology.Domain.Dates;
using FsCheck.Xunit;

namespace Chronology.Domain.Tests.Dates;

public sealed class InstantTests
{
    [Theory]
    [InlineData(2018, 5, 24, "2018-05-24T00:00:00Z")]
    [InlineData(0, 1, 1, "0000-01-01T00:00:00Z")]
    [InlineData(-400, 1, 1, "-0400-01-01T00:00:00Z")]
    [InlineData(-1, 12, 31, "-0001-12-31T00:00:00Z")]
    [InlineData(12000, 1, 1, "+12000-01-01T00:00:00Z")]
    [InlineData(170000002, 6, 30, "+170000002-06-30T00:00:00Z")]
    public void Is_written_as_fixed_width_utc_with_a_sign_outside_years_0000_to_9999(long year, int month, int day, string expected)
    {
        var instant = Instant.FromUtc(year, month, day);

        Assert.Equal(expected, instant.ToString());
        Assert.Equal(instant, Instant.Parse(expected));
    }

    [Fact]
    public void Knows_that_year_zero_and_400_bc_are_leap_years()
    {
        Assert.Equal("0000-02-29T23:59:59Z", Instant.FromUtc(0, 2, 29, 23, 59, 59).ToString());
        Assert.Equal("-0400-03-01T00:00:00Z", Instant.FromUtc(-400, 2, 29).AddSeconds(86_400).ToString());
    }

    [Fact]
    public void Counts_seconds_from_the_unix_epoch()
    {
        Assert.Equal(0, Instant.FromUtc(1970, 1, 1).SecondsSinceUnixEpoch);
        Assert.Equal(-62_167_219_200, Instant.FromUtc(0, 1, 1).SecondsSinceUnixEpoch);
    }

    [Fact]
    public void Min_and_max_values_are_written_and_read_back()
    {
        Assert.Equal("-999999999-01-01T00:00:00Z", Instant.MinValue.ToString());
        Assert.Equal("+999999999-12-31T23:59:59Z", Instant.MaxValue.ToString());
        Assert.Equal(Instant.MinValue, Instant.Parse(Instant.MinValue.ToString()));
        Assert.Equal(Instant.MaxValue, Instant.Parse(Instant.MaxValue.ToString()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Instant.MaxValue.AddSeconds(1));
    }

    [Theory]
    [InlineData("2018-05-24T00:00:00")]
    [InlineData("2018-05-24 00:00:00Z")]
    [InlineData("2018-5-24T00:00:00Z")]
    [InlineData("+2018-05-24T00:00:00Z")]
    [InlineData("12000-01-01T00:00:00Z")]
    [InlineData("-0000-01-01T00:00:00Z")]
    [InlineData("2018-02-30T00:00:00Z")]
    [InlineData("2018-05-24T24:00:00Z")]
    [InlineData("")]
    public void Refuses_anything_but_the_fixed_width_form(string text)
    {
        Assert.False(Instant.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Instant.Parse(text));
    }

    [Fact]
    public void Orders_by_time()
    {
        var bc = Instant.Parse("-0400-01-01T00:00:00Z");
        var modern = Instant.Parse("2018-05-24T00:00:00Z");

        Assert.True(bc < modern);
        Assert.True(modern > bc);
        Assert.True(bc <= Instant.Parse("-0400-01-01T00:00:00Z"));
        Assert.True(modern >= bc);
        Assert.Equal(-1, bc.CompareTo(modern));
    }

    [Fact]
    public void Converts_to_and_from_DateTimeOffset_when_in_its_range()
    {
        var moment = new DateTimeOffset(2018, 5, 26, 15, 0, 0, TimeSpan.FromHours(9));

        var instant = Instant.FromDateTimeOffset(moment);

        Assert.Equal("2018-05-26T06:00:00Z", instant.ToString());
        Assert.True(instant.TryToDateTimeOffset(out var back));
        Assert.Equal(moment, back);
        Assert.False(Instant.FromUtc(-400, 1, 1).TryToDateTimeOffset(out _));
    }

    [Fact]
    public void Is_a_json_string()
    {
        var instant = Instant.FromUtc(-400, 1, 1);

        var json = JsonSerializer.Serialize(instant);

        Assert.Equal("\"-0400-01-01T00:00:00Z\"", json);
        Assert.Equal(instant, JsonSerializer.Deserialize<Instant>(json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Instant>("\"yesterday\""));
    }

    [Property]
    public bool Writes_what_DateTimeOffset_writes_for_years_1_to_9999(long seed)
    {
        var first = DateTimeOffset.MinValue.ToUnixTimeSeconds();
        var span = DateTimeOffset.MaxValue.ToUnixTimeSeconds() - first;
        var seconds = first + (long)((ulong)seed % (ulong)span);

        var instant = new Instant(seconds);

        return instant.ToString() == DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            && Instant.Parse(instant.ToString()) == instant;
    }

    [Property]
    public bool Reads_back_what_it_writes_across_its_whole_range(long seed)
    {
        var span = (ulong)(Instant.MaxValue.SecondsSinceUnixEpoch - Instant.MinValue.SecondsSinceUnixEpoch);
        var instant = Instant.MinValue.AddSeconds((long)((ulong)seed % span));

        return Instant.Parse(instant.ToString()) == instant;
    }
}
