using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chronology.Domain.Dates;

/// <summary>Reads and writes an <see cref="EdtfDate"/> as its EDTF string; an invalid string fails with the parser's explanation.</summary>
public sealed class EdtfDateJsonConverter : JsonConverter<EdtfDate>
{
    public override EdtfDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An EDTF date must be a JSON string, such as \"2018-05-26\".");
        }

        return EdtfDate.TryParse(reader.GetString(), out var date, out var error) ? date : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, EdtfDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
