using System.Text.Json.Serialization;

namespace Chronology.Domain.Records;

[JsonConverter(typeof(JsonStringEnumConverter<LinkRelation>))]
public enum LinkRelation { FollowUpOf, PartOf, PrecededBy, RelatedTo }
