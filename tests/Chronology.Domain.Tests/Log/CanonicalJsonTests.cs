using System.Text.Json.Nodes;
using Chronology.Domain.Log;

namespace Chronology.Domain.Tests.Log;

/// <summary>RFC 8785 checked against the RFC's own examples (§3.2.3 and Appendix B).</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void The_RFC_example_canonicalises_to_the_RFC_output()
    {
        var input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.Equal(
            """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""",
            CanonicalJson.Serialize(JsonNode.Parse(input)));
    }

    [Fact]
    public void Values_built_in_code_canonicalise_like_parsed_ones() =>
        Assert.Equal(
            """{"a":[1,true,null,"x"],"b":0.5,"c":-7}""",
            CanonicalJson.Serialize(new JsonObject { ["c"] = -7L, ["b"] = 0.5, ["a"] = new JsonArray(1, true, null, "x") }));

    [Fact]
    public void Members_sort_by_UTF16_code_units()
    {
        var input = """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""";
        var sorted = JsonNode.Parse(CanonicalJson.Serialize(JsonNode.Parse(input)))!.AsObject().Select(member => member.Value!.GetValue<string>());
        Assert.Equal(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            sorted);
    }

    /// <summary>RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text (each checked against Node's JSON.stringify).</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_take_their_ECMAScript_form(string bits, string expected) =>
        Assert.Equal(expected, CanonicalJson.Number(BitConverter.Int64BitsToDouble(Convert.ToInt64(bits, 16))));
}
