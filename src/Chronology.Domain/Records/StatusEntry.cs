using System.Text.Json.Serialization;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records;

/// <summary>One assertion about the world: on <c>Facts.On</c>, the meeting was announced, cancelled, …</summary>
[JsonConverter(typeof(StatusEntryJson))]
public sealed record StatusEntry(int Number, StatusChange Change, StatusFacts Facts, int Revision);
