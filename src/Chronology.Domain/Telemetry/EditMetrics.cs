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
        foreach (var stream in commit.GetStreams().Where(stream => stream.Events.Count > 0))
            Committed(session.DocumentStore, stream.ActionType == StreamActionType.Start ? 1 : 0, stream.ActionType == StreamActionType.Start ? 0 : 1);
        return Task.CompletedTask;
    }

    /// <summary>Counts edits committed without a session's unit of work: the bulk import writes its rows by COPY.</summary>
    public static void Committed(IDocumentStore store, long created, long revised)
    {
        var schema = new KeyValuePair<string, object?>("schema", store.Options.DatabaseSchemaName);
        if (created > 0) Edits.Add(created, new KeyValuePair<string, object?>("kind", "created"), schema);
        if (revised > 0) Edits.Add(revised, new KeyValuePair<string, object?>("kind", "revised"), schema);
    }
}
