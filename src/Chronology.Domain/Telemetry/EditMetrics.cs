using System.Diagnostics.Metrics;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace Chronology.Domain.Telemetry;

/// <summary>
/// Counts committed edits: every edit (a command over HTTP, an imported line, an undo) commits the events of one record's
/// stream, so a committed stream action is one edit, wherever it was made (the API or the worker's imports). The schema
/// tells stores apart (one meter per process: hosts that share a process, as in the tests, count through the same one).
/// </summary>
public sealed class EditMetrics : DocumentSessionListenerBase
{
    public const string MeterName = "Chronology";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Edits = Meter.CreateCounter<long>(
        "chronology.edits", "{edit}", "Edits committed: records created and revisions recorded.");

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var schema = new KeyValuePair<string, object?>("schema", session.DocumentStore.Options.DatabaseSchemaName);
        foreach (var stream in commit.GetStreams().Where(stream => stream.Events.Count > 0))
            Edits.Add(1, new KeyValuePair<string, object?>("kind", stream.ActionType == StreamActionType.Start ? "created" : "revised"), schema);
        return Task.CompletedTask;
    }
}
