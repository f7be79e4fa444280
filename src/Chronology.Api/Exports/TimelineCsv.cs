using System.Globalization;
using Chronology.Domain.Views;
using CsvHelper;
using CsvHelper.Configuration;

namespace Chronology.Api.Exports;

/// <summary>
/// Timeline entries as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or
/// line break. The columns are fixed, with one <c>title</c> (English, else the first language) rather than a column
/// per language, so every page of a paged export has the same header and pages can be concatenated. UTF-8
/// without a byte-order mark: the charset is in Content-Type, and a BOM would end up inside the first header
/// name for most parsers (and in the middle of concatenated pages).
/// </summary>
public static class TimelineCsv
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture) { NewLine = "\r\n" };

    /// <summary>The JSON timeline's names, so a column means what the same field means there.</summary>
    public static readonly string[] Columns = ["recordId", "key", "entry", "status", "change", "date", "earliest", "latest", "title"];

    public static string Write(IEnumerable<TimelineEntry> entries)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, Configuration))
        {
            WriteRow(csv, Columns);
            foreach (var entry in entries) WriteRow(csv, Fields(entry));
        }
        return text.ToString();
    }

    private static string?[] Fields(TimelineEntry entry) =>
    [
        entry.RecordId.ToString(), entry.Key, entry.Entry, entry.Status, entry.Change, entry.Date.ToString(),
        entry.Earliest.ToString(), entry.Latest.ToString(), ExportText.Preferred(entry.Title),
    ];

    private static void WriteRow(CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var field in fields) csv.WriteField(field);
        csv.NextRecord();
    }
}
