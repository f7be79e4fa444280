using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain;
using Chronology.Domain.Dates;
using Chronology.Domain.Records;
using Chronology.Domain.Views;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// Examples from the sample chronology (samples/korea-2018.ndjson): the 2018 US–DPRK summit, announced, scheduled,
/// cancelled by letter, reinstated and held in Singapore. Request bodies and main answers, by operationId.
/// </summary>
public static class SampleChronology
{
    private static readonly Guid Summit = Guid.Parse("0193b5a8-6f1e-7c4d-9a51-3e2f1b0c7d11");
    private static readonly Guid InterKoreanSummit = Guid.Parse("0193b5a8-6f1e-7c4d-9a51-3e2f1b0c7d10");
    private static readonly Guid Wikipedia = Guid.Parse("0193b5a8-7a02-7e11-8c3b-5d4e6f708192");
    private static readonly Guid Kim = Guid.Parse("0193b5a8-7b13-7f22-9d4c-6e5f708192a3");
    private static readonly Guid Trump = Guid.Parse("0193b5a8-7b13-7f22-9d4c-6e5f708192a4");

    private static JsonNode Body(object body) => JsonSerializer.SerializeToNode(body, ChronologyJson.Options)!;

    private static readonly Dictionary<string, Func<JsonNode>> Requests = new()
    {
        ["createRecord"] = () => Body(new
        {
            kind = "summit",
            title = new Dictionary<string, string> { ["zh-Hant"] = "2018年朝美首腦會談", ["en"] = "2018 US–DPRK summit" },
            tags = new[] { "US–DPRK summit" },
            timeZone = "Asia/Singapore",
            comment = "new record: Trump accepts Kim Jong-un's invitation",
        }),
        ["announce"] = () => Body(new
        {
            on = "2018-03-08", by = "Donald Trump", reason = "accepted Kim Jong-un's invitation to meet", sources = new[] { Wikipedia },
            comment = "announced 8 March",
        }),
        ["schedule"] = () => Body(new
        {
            on = "2018-05-10", start = "2018-06-12", by = "Donald Trump", reason = "date and place announced: 12 June, Singapore",
            sources = new[] { Wikipedia }, comment = "date and place announced on 10 May",
        }),
        ["reschedule"] = () => Body(new
        {
            on = "2018-05-26", start = "2018-06-01", by = "Moon Jae-in; Kim Jong-un", reason = "high-level talks set again, for 1 June, at the 26 May summit",
        }),
        ["postpone"] = () => Body(new
        {
            on = "2018-05-16", by = "North Korea (DPRK)", reason = "called off in the early hours, citing the US–ROK \"Max Thunder\" air exercise",
        }),
        ["cancel"] = () => Body(new
        {
            on = "2018-05-24", by = "Donald Trump", reason = "letter to Kim Jong-un", sources = new[] { Wikipedia },
            comment = "Trump cancels the summit in a letter to Kim",
        }),
        ["reinstate"] = () => Body(new
        {
            on = "2018-06-01", start = "2018-06-12", by = "Donald Trump", reason = "confirmed after receiving Kim Yong-chol at the White House",
            sources = new[] { Wikipedia }, comment = "back on for 12 June",
        }),
        ["hold"] = () => Body(new { on = "2018-06-12", start = "2018-06-12", sources = new[] { Wikipedia }, comment = "held 12 June" }),
        ["setPlace"] = () => Body(new
        {
            name = new Dictionary<string, string> { ["zh-Hant"] = "嘉佩樂酒店", ["en"] = "Capella Hotel" },
            locality = "Sentosa, Singapore", country = "SG", on = "2018-06-12", comment = "venue: Capella Hotel on Sentosa",
        }),
        ["addParticipant"] = () => Body(new
        {
            name = new Dictionary<string, string> { ["zh-Hant"] = "金正恩", ["en"] = "Kim Jong-un" },
            role = "Chairman of the State Affairs Commission", side = "KP",
        }),
        ["changeParticipantRole"] = () => Body(new { role = "Chairman of the State Affairs Commission of the DPRK" }),
        ["addOutcome"] = () => Body(new
        {
            text = new Dictionary<string, string>
            {
                ["en"] = "Joint statement: the DPRK commits to work toward complete denuclearisation of the Korean peninsula.",
                ["zh-Hant"] = "發表聯合聲明：朝鮮承諾致力於朝鮮半島完全無核化。",
            },
        }),
        ["citeSource"] = () => Body(new
        {
            url = "https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談", title = "2018年5月南北韓首腦會談", publisher = "Wikipedia",
        }),
        ["addLink"] = () => Body(new { relation = "relatedTo", recordId = InterKoreanSummit }),
        ["reviseRecord"] = () => Body(new
        {
            summary = new Dictionary<string, string>
            {
                ["en"] = "On 2018-05-24 Trump cancelled the summit in a letter to Kim Jong-un; on 2018-05-25 he said it might still go ahead as planned.",
            },
            comment = "summary: 25 May statement",
        }),
        ["revert"] = () => Body(new { toRevision = 5, comment = "back to the summary before the disputed edit" }),
        ["undo"] = () => Body(new { revision = 6, comment = "undo the wrong venue" }),
        ["editBatch"] = () => Body(new
        {
            comment = "backfill: cancelled on 24 May, reinstated on 1 June",
            correction = false,
            commands = new object[]
            {
                new { command = "cancel", body = new { on = "2018-05-24", by = "Donald Trump", reason = "letter to Kim Jong-un" } },
                new { command = "reinstate", body = new { on = "2018-06-01", start = "2018-06-12", by = "Donald Trump" } },
            },
        }),
    };

    private static readonly Dictionary<string, Func<JsonNode>> Answers = new()
    {
        ["getRecord"] = () => Body(HeldSummit()),
        ["createRecord"] = () => Body(new { id = Summit, revision = 1 }),
        ["cancel"] = () => Body(new { id = Summit, revision = 8 }),
        ["addParticipant"] = () => Body(new { id = Summit, revision = 4, itemId = Kim }),
        ["statusHistory"] = () => Body(new
        {
            intervals = new[]
            {
                new StatusInterval(MeetingStatus.Announced, EdtfDate.Parse("2018-03-08"), EdtfDate.Parse("2018-05-10"), 3, StatusChange.Announced),
                new StatusInterval(MeetingStatus.Scheduled, EdtfDate.Parse("2018-05-10"), EdtfDate.Parse("2018-05-24"), 6, StatusChange.Scheduled),
                new StatusInterval(MeetingStatus.Cancelled, EdtfDate.Parse("2018-05-24"), EdtfDate.Parse("2018-06-01"), 8, StatusChange.Cancelled),
                new StatusInterval(MeetingStatus.Scheduled, EdtfDate.Parse("2018-06-01"), EdtfDate.Parse("2018-06-12"), 10, StatusChange.Reinstated),
                new StatusInterval(MeetingStatus.Held, EdtfDate.Parse("2018-06-12"), null, 11, StatusChange.Held),
            },
        }),
    };

    private static RecordView HeldSummit() => new(
        Summit, 13, RecordKind.Summit,
        LanguageTextOf.Of(("en", "2018 US–DPRK summit"), ("zh-Hant", "2018年朝美首腦會談")),
        LanguageTextOf.NoNames,
        LanguageTextOf.Of(("en", "Announced on 2018-03-08; cancelled by Trump on 2018-05-24 in a letter to Kim; confirmed on 2018-06-01; held on 2018-06-12 at the Capella Hotel on Sentosa.")),
        MeetingStatus.Held, EdtfDate.Parse("2018-06-12"), null, [],
        "Asia/Singapore",
        new Place(LanguageTextOf.Of(("en", "Capella Hotel"), ("zh-Hant", "嘉佩樂酒店")), "Sentosa, Singapore", "SG", null),
        [
            new Participant(Trump, LanguageTextOf.Of(("en", "Donald Trump"), ("zh-Hant", "當勞·特朗普")), "President of the United States", "US"),
            new Participant(Kim, LanguageTextOf.Of(("en", "Kim Jong-un"), ("zh-Hant", "金正恩")), "Chairman of the State Affairs Commission", "KP"),
        ],
        [], [],
        [new Source(Wikipedia, "https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談", "2018年5月南北韓首腦會談", "Wikipedia", null, null)],
        ImmutableList.Create("US–DPRK summit"),
        new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 9, 40, 12, TimeSpan.Zero), "sato");

    /// <summary>The operations examples exist for, so a test can check each names a real operation.</summary>
    public static IEnumerable<string> OperationIds => Requests.Keys.Concat(Answers.Keys);

    public static void AddExamples(OpenApiOperation operation)
    {
        if (operation.OperationId is not { } id) return;
        if (Requests.TryGetValue(id, out var request) && operation.RequestBody?.Content is { } bodies)
            foreach (var body in bodies.Values.OfType<OpenApiMediaType>())
                body.Example = request();
        if (Answers.TryGetValue(id, out var answer) &&
            operation.Responses?.Where(pair => pair.Key.StartsWith('2')).Select(pair => pair.Value).FirstOrDefault() is OpenApiResponse { Content: { } contents } &&
            contents.TryGetValue("application/json", out var json))
            json.Example = answer();
    }
}
