using Chronology.Api.Caching;
using Chronology.Api.Exports;
using Microsoft.Net.Http.Headers;

namespace Chronology.Api.Tests;

/// <summary>The one place entity tags are made: what an erasure does to them, and what If-Match can read back.</summary>
public sealed class RepresentationTagTests
{
    [Theory]
    [InlineData(ExportFormat.Json, 0, "\"7\"")]
    [InlineData(ExportFormat.JsonLd, 0, "\"7-jsonld\"")]
    [InlineData(ExportFormat.Calendar, 0, "\"7-ics\"")]
    [InlineData(ExportFormat.Csv, 0, "\"7-csv\"")]
    [InlineData(ExportFormat.Json, 1, "\"7-e1\"")]
    [InlineData(ExportFormat.Csv, 2, "\"7-csv-e2\"")]
    // The calendar shows no personal value, so no erasure changes it.
    [InlineData(ExportFormat.Calendar, 2, "\"7-ics\"")]
    public void A_tag_names_the_revision_the_representation_and_any_erasure(ExportFormat format, int erasures, string expected) =>
        Assert.Equal(expected, RepresentationTag.Of(7, format, erasures).ToString());

    [Fact]
    public void An_erasure_changes_the_tag_of_every_representation_that_shows_personal_values()
    {
        foreach (var format in Enum.GetValues<ExportFormat>().Where(format => format != ExportFormat.Calendar))
            Assert.NotEqual(RepresentationTag.Of(7, format).Header, RepresentationTag.Of(7, format, erasureGeneration: 1).Header);
    }

    [Theory]
    [InlineData("\"7\"", 7)]
    [InlineData("\"7-e3\"", 7)]
    [InlineData("\"7-ics\"", null)]
    [InlineData("\"7-jsonld-e1\"", null)]
    [InlineData("\"0\"", null)]
    [InlineData("\"-7\"", null)]
    [InlineData("\"7-x1\"", null)]
    [InlineData("\"seven\"", null)]
    public void If_Match_reads_a_revision_from_json_tags_only(string tag, int? revision) =>
        Assert.Equal(revision, RepresentationTag.TryReadRevision(EntityTagHeaderValue.Parse(tag), out var read) ? read : null);
}
