using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronology.Domain;

/// <summary>The one JSON shape of the product: camelCase, enums as camelCase strings, unknown members refused.</summary>
public static class ChronologyJson
{
    /// <summary>Read-only from the start (as its first use would make it), so that its contracts can be read before anything is serialised.</summary>
    public static readonly JsonSerializerOptions Options = ReadOnly(Configure(new JsonSerializerOptions()));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // The same options whatever they start from: ASP.NET Core's web defaults would accept "7" for 7 and any letter case.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new UtcInstantConverter());
        return options;
    }

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Value equality for the immutable collections records hold, which compare by reference.</summary>
    public static bool Same<T>(T a, T b) =>
        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(a, Options), JsonSerializer.SerializeToNode(b, Options));
}

/// <summary>Recorded instants as fixed-width UTC (2018-05-24T00:00:00Z), so they sort as strings.</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, System.Globalization.CultureInfo.InvariantCulture));
}
