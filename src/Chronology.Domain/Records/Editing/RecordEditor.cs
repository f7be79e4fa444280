using Chronology.Domain.Chronologies;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.Reverting;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Exceptions;

namespace Chronology.Domain.Records.Editing;

/// <summary>
/// The one write path, for HTTP commands and imports alike: load the write state (one read, which locks the record
/// until commit), check the expected revision, decide, append the events with their metadata, and keep the idempotency
/// receipt in the same transaction. A race that still gets lost (two creations of one id, one idempotency key) is
/// decided again on the fresh state. The answer (id, revision, item) comes from the decision itself: no second read.
/// </summary>
// Our own loop, not Wolverine's aggregate handler workflow: that cannot answer 412 before the domain rules, decide again
// after a lost race without If-Match, replay under an advisory lock, retry transient failures looking for its own events, or
// keep an accepted commit from being cancelled; it also loads optimistically, where we need FetchForExclusiveWriting.
// Not Marten's CacheAggregatesForWriting<Record> either: tried on 9.58 with this inline snapshot and exclusive fetch, it served
// a stale write state (removing a participant added by the previous request answered "no such participant"). Its source says
// why: after the commit it writes back the instance FetchForExclusiveWriting returned, at the new stream version, assuming
// the inline projection changed that instance in place (PendingAggregateCacheWrites); Record is immutable, so the cache held
// the state before the edit under the version after it. Edits that arrive together share a transaction instead (GroupCommit).
public sealed class RecordEditor(IDocumentStore store, TimeProvider clock)
{
    private readonly GroupCommit groups = new(store);

    /// <summary>
    /// How many times an edit without an expected revision is decided before it answers "contended". Each lost
    /// race means another writer committed after this one read, so with k concurrent writers on one record an
    /// edit loses at most k - 1 times: 32 attempts keep every edit of up to 32 simultaneous writers.
    /// </summary>
    public const int Attempts = 32;

    /// <summary>
    /// Pauses between tries when PostgreSQL cannot be reached, about 3 s in all: a restart of PostgreSQL on this machine
    /// keeps it away for 1.6–2.4 s, so an edit sent during one is stored rather than refused.
    /// </summary>
    private static readonly TimeSpan[] UnavailableBackoff =
        [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200),
         TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600)];

    /// <summary>
    /// Decides and stores the edit. PostgreSQL being away (a transient failure) is tried again a few times; when a commit
    /// failed that way it may still have gone through, so the next try first looks for the events it sent and answers
    /// as if the commit had succeeded when they are there. Past the last try the transient failure is thrown.
    /// </summary>
    public async Task<EditResult> Edit(EditRequest request, CancellationToken cancellation)
    {
        // Marten refuses an empty stream id outright; no record can have it.
        if (request.RecordId == Guid.Empty) return new EditResult.Refused(RecordErrors.NotFound(request.RecordId));
        var commit = new UnconfirmedCommit();
        if (GroupCommit.Takes(request) && await groups.Submit(request, commit) is { } grouped) return grouped;
        for (var retry = 0; ; retry++)
        {
            try
            {
                if (commit.Accepted is { } sent)
                {
                    if (await Stored(commit.FirstEventId, cancellation)) return sent;
                    commit.Clear();
                }
                return await Decide(request, commit, cancellation);
            }
            catch (Exception e) when (TransientFailures.IsTransient(e) && retry < UnavailableBackoff.Length)
            {
                await Task.Delay(UnavailableBackoff[retry], clock, cancellation);
            }
        }
    }

    private async Task<EditResult> Decide(EditRequest request, UnconfirmedCommit commit, CancellationToken cancellation)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            await using var session = store.ChronologySession();
            if (request.Idempotency is { } claim)
            {
                // Requests with the same key queue behind each other, so a retry racing the first attempt
                // replays its answer instead of appending events that a rollback would leave as a sequence gap.
                await session.BeginTransactionAsync(cancellation);
                await session.QueryAsync<bool>("select pg_advisory_xact_lock(hashtextextended(?, 0)) is not null", cancellation, EditReceipt.IdFor(claim.Scope, claim.Key));
                if (await Replay(session, claim, cancellation) is { } replayed) return replayed;
            }

            // The stream's row stays locked until this session commits: concurrent edits of one record queue here
            // instead of failing at the append, where each rolled-back append would leave a gap in the event sequence
            // that holds the async daemon back for seconds.
            var stream = await session.Events.FetchForExclusiveWriting<Record>(request.RecordId, cancellation);
            var state = stream.Aggregate;
            if (Stale(request, state) is { } stale) return stale;
            if (await UnknownLinkTarget(session, request.Commands, cancellation) is { } unknownTarget)
                return new EditResult.Refused(unknownTarget);

            var (result, events) = Judge(request, state, await PastStates(session, request, cancellation));
            if (result is not EditResult.Accepted accepted) return result;
            if (events.Count > 0)
            {
                foreach (var (name, value) in Headers(request, accepted.Revision)) session.SetHeader(name, value);
                session.LastModifiedBy = request.Note.Editor;
                if (request.CorrelationId is { } correlation) session.CorrelationId = correlation;
                if (state is null) session.Events.StartStream<Record>(request.RecordId, events);
                else stream.AppendMany(events);
                PersonalValues.Seal(session);
                commit.Sending(accepted, session.PendingChanges.Streams().SelectMany(pending => pending.Events).First().Id);
            }
            if (request.Idempotency is { } newClaim) session.Insert(Receipt(newClaim, accepted));

            try
            {
                // Never cancelled once sent: an edit that was started finishes (or leaves nothing), so a client that hung
                // up gets the same answer when it retries with its Idempotency-Key, and no half-done append is left.
                await session.SaveChangesAsync(CancellationToken.None);
                return accepted;
            }
            catch (ConcurrencyException) when (request.ExpectedRevision is not null)
            {
                commit.Clear();
                return new EditResult.Stale(await CurrentRevision(request.RecordId, cancellation));
            }
            catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException)
            {
                // Another request won the race (or stored the same idempotency key first): decide again, or replay.
                commit.Clear();
            }
        }
        return new EditResult.Contended(Attempts);
    }

    /// <summary>Whether an event was stored: after a commit whose answer was lost with the connection.</summary>
    private async Task<bool> Stored(Guid eventId, CancellationToken cancellation)
    {
        await using var session = store.ChronologyQuery();
        return await session.Events.QueryAllRawEvents().AnyAsync(e => e.Id == eventId, cancellation);
    }

    /// <summary>A stale If-Match, checked before any rule of the domain.</summary>
    internal static EditResult.Stale? Stale(EditRequest request, Record? state) =>
        request.ExpectedRevision is { } expected && state is not null && state.Revision != expected ? new EditResult.Stale(state.Revision) : null;

    /// <summary>The edit decided on the record's current state: refused, or accepted with the events of its revision (none when nothing changes).</summary>
    internal static (EditResult Result, IReadOnlyList<IRecordEvent> Events) Judge(EditRequest request, Record? state, PastStates past)
    {
        var decision = Records.Editing.Edit.Decide(request.RecordId, state, request.Commands, past);
        if (decision.Refusal is { } refusal) return (new EditResult.Refused(refusal), []);
        var revision = (state?.Revision ?? 0) + (decision.Events.Count > 0 ? 1 : 0);
        return (new EditResult.Accepted(
            request.RecordId, revision, request.Commands.OfType<IAddsItem>().LastOrDefault()?.ItemId, state is null, Replayed: false),
            decision.Events);
    }

    /// <summary>The headers every event of the revision carries (the user name and correlation id go beside them).</summary>
    internal static IEnumerable<(string Name, object Value)> Headers(EditRequest request, int revision)
    {
        yield return (EditHeaders.Revision, revision);
        yield return (EditHeaders.Editor, request.Note.Editor);
        yield return (EditHeaders.Correction, request.Note.Correction);
        if (request.Note.Comment is { } comment) yield return (EditHeaders.Comment, comment);
        if (request.Note.ImportedBy is { } importer) yield return (EditHeaders.ImportedBy, importer);
        if (request.Idempotency is { } claim) yield return (EditHeaders.IdempotencyKey, claim.Key);
    }

    private async Task<EditResult?> Replay(IDocumentSession session, IdempotencyClaim claim, CancellationToken cancellation)
    {
        var receipt = await session.LoadAsync<EditReceipt>(EditReceipt.IdFor(claim.Scope, claim.Key), cancellation);
        if (receipt is null) return null;
        if (receipt.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            session.Delete(receipt);
            return null;
        }
        return receipt.RequestHash == claim.RequestHash
            ? new EditResult.Accepted(receipt.RecordId, receipt.Revision, receipt.ItemId, receipt.Created, Replayed: true)
            : new EditResult.KeyReused(claim.Key);
    }

    private EditReceipt Receipt(IdempotencyClaim claim, EditResult.Accepted accepted)
    {
        var now = clock.GetUtcNow();
        return new EditReceipt(
            EditReceipt.IdFor(claim.Scope, claim.Key), claim.RequestHash, accepted.RecordId, accepted.Revision, accepted.ItemId,
            accepted.Created, now, now + claim.Lifetime);
    }

    private static async Task<DomainError?> UnknownLinkTarget(IQuerySession session, IEnumerable<IRecordCommand> commands, CancellationToken cancellation)
    {
        foreach (var link in commands.OfType<AddLink>())
            if (await session.LoadAsync<Record>(link.RecordId, cancellation) is null)
                return DomainError.Invalid("recordId", $"There is no record {link.RecordId} to link to.");
        return null;
    }

    /// <summary>The earlier states a revert or an undo needs, folded from the record's events.</summary>
    private static async Task<PastStates> PastStates(IQuerySession session, EditRequest request, CancellationToken cancellation)
    {
        var wanted = request.Commands.OfType<INeedsHistory>().SelectMany(command => command.Revisions).Where(r => r >= 1).ToHashSet();
        if (wanted.Count == 0) return Reverting.PastStates.None;
        var events = await session.Events.FetchStreamAsync(request.RecordId, token: cancellation);
        await PersonalValues.Resolve(session, events, cancellation);
        return Reverting.PastStates.Fold(events, wanted);
    }

    private async Task<int> CurrentRevision(Guid recordId, CancellationToken cancellation)
    {
        await using var session = store.ChronologyQuery();
        return (await session.LoadAsync<Record>(recordId, cancellation))?.Revision ?? 0;
    }
}
