using System.Text.Json.Nodes;

namespace Chronology.Worker.Tests;

/// <summary>What the API answered: status, Location header, JSON body.</summary>
public sealed record Answer(int Status, string? Location, JsonObject? Json);
