using Chronology.Domain.Operations;

namespace Chronology.Domain.Imports;

/// <summary>
/// An NDJSON import handed from the API to a worker through PostgreSQL (with the <see cref="RunImport"/> message that
/// runs it): who asked, how far it got, and where its lines are: in <see cref="Parts"/> <see cref="ImportPart"/> documents
/// (<see cref="Content"/> is empty then; jobs queued before parts existed still carry their lines in it). Import bookkeeping lives here and in <see cref="ImportName"/>, never in a record's events.
/// </summary>
public sealed record ImportJob(
    Guid Id,
    JobState State,
    string Content,
    string RequestedBy,
    bool RequestedByAdmin,
    DateTimeOffset RequestedAt,
    int Lines = 0,
    int Imported = 0,
    int Skipped = 0,
    IReadOnlyList<ImportError>? Errors = null,
    DateTimeOffset? FinishedAt = null,
    int LinesDone = 0,
    int ErrorCount = 0,
    int Records = 0,
    long Events = 0,
    double LinesPerSecond = 0,
    int Parts = 0) : IJob<ImportJob>
{
    public ImportJob Running() => this with { State = JobState.Running };

    public ImportJob Done(DateTimeOffset at) => this with { State = JobState.Done, FinishedAt = at };

    public ImportJob Failed(string error, DateTimeOffset at) =>
        this with { State = JobState.Failed, Errors = [.. Errors ?? [], new ImportError(0, error)], ErrorCount = ErrorCount + 1, FinishedAt = at };

    public ImportJob With(ImportProgress progress) =>
        this with
        {
            Lines = progress.Lines, LinesDone = progress.Done, Imported = progress.Imported, Skipped = progress.Skipped, Errors = progress.Errors,
            ErrorCount = progress.ErrorCount, Records = progress.Records, Events = progress.Events, LinesPerSecond = progress.LinesPerSecond,
        };
}

public sealed record ImportError(int Line, string Reason);

/// <summary>A local name from an import file (a record's, or the key of the line that added an item) and the id it stands for.</summary>
public sealed record ImportName(string Id, Guid Value)
{
    public static string ForRecord(string name) => $"record:{name}";

    public static string ForItem(string key) => $"item:{key}";
}

/// <summary>Who runs an import: an admin's lines are attributed to the editors they name; anyone else's to themselves.</summary>
public sealed record Importer(string Name, bool IsAdmin);
