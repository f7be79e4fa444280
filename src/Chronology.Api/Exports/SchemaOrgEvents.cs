using LanguageText = System.Collections.Immutable.ImmutableSortedDictionary<string, string>;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Views;

namespace Chronology.Api.Exports;

/// <summary>
/// Records as schema.org <c>Event</c>s in JSON-LD. Language-tagged text becomes an array of value objects
/// (<c>{"@value", "@language"}</c>) rather than a language map, because a language map needs a
/// <c>@container</c> that schema.org's own context does not declare for <c>name</c>.
/// </summary>
public static class SchemaOrgEvents
{
    public const string Context = "https://schema.org";

    public static JsonObject Record(RecordView view, RecordUrls urls)
    {
        var document = Event(view, urls);
        document.Insert(0, "@context", Context);
        return document;
    }

    /// <summary>The records of one timeline page, in the order they first appear on it.</summary>
    public static JsonObject Timeline(IReadOnlyList<RecordView> views, RecordUrls urls) => new()
    {
        ["@context"] = Context,
        ["@type"] = "ItemList",
        ["itemListOrder"] = "https://schema.org/ItemListOrderAscending",
        ["numberOfItems"] = views.Count,
        ["itemListElement"] = new JsonArray(views.Select((view, index) => (JsonNode)new JsonObject
        {
            ["@type"] = "ListItem",
            ["position"] = index + 1,
            ["item"] = Event(view, urls),
        }).ToArray()),
    };

    private static JsonObject Event(RecordView view, RecordUrls urls)
    {
        var url = urls.Of(view.Id);
        var properties = new List<(string Name, JsonNode? Value)>
        {
            ("@type", "Event"),
            ("@id", url),
            ("url", url),
            ("identifier", view.Id.ToString()),
            ("name", Texts(view.Title)),
            ("alternateName", NonEmpty(new JsonArray(view.Aliases.SelectMany(pair => pair.Value.Select(alias => Text(pair.Key, alias))).ToArray()))),
            ("description", NonEmpty(Texts(view.Summary))),
            ("startDate", ExportText.Iso(ExportText.Beginning(view))),
            ("endDate", ExportText.Iso(ExportText.Ending(view))),
            ("previousStartDate", NonEmpty(new JsonArray(view.PreviousStarts.Select(ExportText.Iso).OfType<string>().Select(iso => (JsonNode)iso).ToArray()))),
            ("eventStatus", EventStatus(view.Status)),
            ("location", view.Place is { } place ? Location(place) : null),
            ("attendee", NonEmpty(new JsonArray(view.Participants.Select(Attendee).ToArray()))),
            ("superEvent", NonEmpty(new JsonArray(view.Links.Where(link => link.Relation == LinkRelation.PartOf).Select(link => Reference(urls.Of(link.RecordId))).ToArray()))),
            ("citation", NonEmpty(new JsonArray(view.Sources.Select(Citation).ToArray()))),
            ("keywords", NonEmpty(new JsonArray(view.Tags.Select(tag => (JsonNode)tag).ToArray()))),
            ("additionalProperty", AdditionalProperties(view, urls)),
        };
        var result = new JsonObject();
        foreach (var (name, value) in properties.Where(property => property.Value is not null)) result[name] = value;
        return result;
    }

    /// <summary>
    /// schema.org's EventStatusType knows only scheduled, cancelled, postponed and rescheduled. It defines
    /// EventScheduled as "taking place or has taken place on the startDate as scheduled", and assumes it when no status
    /// is given, so held (it took place), proposed and announced (nothing has changed the plan) all map to it; a
    /// reinstated meeting is "scheduled" in the view already. The exact status travels in additionalProperty.
    /// </summary>
    public static string EventStatus(MeetingStatus status) => "https://schema.org/" + status switch
    {
        MeetingStatus.Cancelled => "EventCancelled",
        MeetingStatus.Postponed => "EventPostponed",
        MeetingStatus.Rescheduled => "EventRescheduled",
        _ => "EventScheduled",
    };

    private static JsonObject Location(Place place)
    {
        var location = new JsonObject { ["@type"] = "Place", ["name"] = Texts(place.Name) };
        if (place.Locality is not null || place.Country is not null)
        {
            var address = new JsonObject { ["@type"] = "PostalAddress" };
            if (place.Locality is not null) address["addressLocality"] = place.Locality;
            if (place.Country is not null) address["addressCountry"] = place.Country;
            location["address"] = address;
        }
        if (place.Coordinates is { } at)
            location["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = at.Lat, ["longitude"] = at.Lon };
        return location;
    }

    /// <summary>
    /// A Person, not the Role wrapper: consumers that read <c>attendee</c> find the person directly. The role in
    /// the meeting is the office held (jobTitle), the side the party they came for (affiliation).
    /// </summary>
    private static JsonNode Attendee(Participant participant)
    {
        var person = new JsonObject { ["@type"] = "Person", ["name"] = Texts(participant.Name) };
        if (participant.Role is not null) person["jobTitle"] = participant.Role;
        if (participant.Side is not null) person["affiliation"] = new JsonObject { ["@type"] = "Organization", ["name"] = participant.Side };
        return person;
    }

    private static JsonNode Citation(Source source)
    {
        var work = new JsonObject { ["@type"] = "CreativeWork", ["url"] = source.Url };
        if (source.Title is not null) work["name"] = source.Title;
        if (source.Publisher is not null) work["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = source.Publisher };
        if (ExportText.Iso(source.PublishedOn) is { } published) work["datePublished"] = published;
        return work;
    }

    /// <summary>
    /// What schema.org has no property for on an Event: the chronology's own status (proposed, announced, held, …),
    /// the dates exactly as written in EDTF (uncertain, approximate or month-only dates have no ISO form above), and
    /// the links other than partOf — followUpOf, precededBy and relatedTo — each as a PropertyValue named for the
    /// relation whose value is the other record's URL.
    /// </summary>
    private static JsonArray AdditionalProperties(RecordView view, RecordUrls urls)
    {
        var values = new List<(string Name, string Value)> { ("status", view.Status.ToString().ToLowerInvariant()) };
        if (view.Start is not null) values.Add(("start", view.Start.ToString()));
        if (view.End is not null) values.Add(("end", view.End.ToString()));
        values.AddRange(view.Links.Where(link => link.Relation != LinkRelation.PartOf)
            .Select(link => (Relation(link.Relation), urls.Of(link.RecordId))));
        return new JsonArray(values.Select(value => (JsonNode)new JsonObject
        {
            ["@type"] = "PropertyValue",
            ["propertyID"] = value.Name,
            ["value"] = value.Value,
        }).ToArray());
    }

    private static string Relation(LinkRelation relation) => relation.ToString()[..1].ToLowerInvariant() + relation.ToString()[1..];

    private static JsonArray Texts(LanguageText text) => new(text.Select(pair => Text(pair.Key, pair.Value)).ToArray());

    private static JsonNode Text(string language, string value) => new JsonObject { ["@value"] = value, ["@language"] = language };

    private static JsonNode Reference(string url) => new JsonObject { ["@id"] = url };

    private static JsonArray? NonEmpty(JsonArray array) => array.Count > 0 ? array : null;
}
