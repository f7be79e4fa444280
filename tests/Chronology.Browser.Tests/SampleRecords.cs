namespace Chronology.Browser.Tests;

/// <summary>English titles of the sample's records that the stories open.</summary>
public static class SampleRecords
{
    public const string Summit = "2018 US–DPRK summit";
    public const string May26 = "May 2018 inter-Korean summit";
}
