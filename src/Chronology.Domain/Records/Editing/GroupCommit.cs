using System.Collections.Concurrent;
using System.Threading.Channels;
using Chronology.Domain.Chronologies;
using Chronology.Domain.PersonalData;
using Chronology.Domain.Records.AddingLinks;
using Chronology.Domain.Records.Creating;
using Chronology.Domain.Records.Reverting;
using Marten;
using Marten.Services;

namespace Chronology.Domain.Records.Editing;

/// <summary>
/// Group commit: edits of different records that arrive while earlier ones are being stored are decided and stored
/// together, in one transaction with one commit — one round trip that locks and loads every record of the group
/// (Marten's batched <c>FetchForExclusiveWriting</c>, in record id order so two groups never deadlock), one batch of
/// appends, one commit — instead of three round trips and a commit each (bench/README.md, "Edits at 32 clients vs the CRUD peer: group commit").
/// Each edit is decided on its own record's state exactly as <see cref="RecordEditor"/> decides it alone, and gets its
/// own answer: a stale If-Match or a refusal is answered without touching the others. When the group's transaction
/// fails, nothing of it was stored (or, if the commit itself failed, maybe all of it): every edit then goes back to
/// <see cref="RecordEditor"/>'s single path with what it sent, which looks for its events first and decides again
/// only when they are not there.
/// </summary>
internal sealed class GroupCommit(IDocumentStore store)
{
    /// <summary>Edits stored in one transaction at most; a record's second edit waits for the next group.</summary>
    public const int MostPerGroup = 64;

    /// <summary>
    /// Groups in flight at once per chronology: while they are all with PostgreSQL, new edits queue and form the next
    /// group. Two keep both cores of the bench machine busy; more (smaller groups) is not measured yet.
    /// </summary>
    private const int InFlight = 2;

    private readonly ConcurrentDictionary<string, Lane> lanes = new();

    /// <summary>
    /// Edits of an existing record without an idempotency key, a link target to look up or history to fold: the
    /// others (creations, keyed requests, reverts and undos, links) keep the single path with its own checks.
    /// </summary>
    public static bool Takes(EditRequest request) =>
        request.Idempotency is null
        && request.Commands.All(command => command is not (CreateRecord or AddLink or INeedsHistory));

    /// <summary>
    /// Decides and stores the edit with the others that arrive with it. Null when the group could not be stored: the
    /// caller then decides it alone, after looking for the events <paramref name="commit"/> says were sent.
    /// </summary>
    public Task<EditResult?> Submit(EditRequest request, UnconfirmedCommit commit)
    {
        var tenant = ChronologyScope.TenantId;
        var pending = new Pending(request, commit);
        lanes.GetOrAdd(tenant, name => new Lane(this, name)).Enqueue(pending);
        return pending.Answer.Task;
    }

    private async Task Store(string tenant, IReadOnlyList<Pending> group)
    {
        try
        {
            var stamps = new Stamps();
            await using var session = store.LightweightSession(new SessionOptions { TenantId = tenant, Listeners = { stamps } });
            await session.BeginTransactionAsync(CancellationToken.None);
            var batch = session.CreateBatchQuery();
            var fetches = group.Select(pending => batch.Events.FetchForExclusiveWriting<Record>(pending.Request.RecordId)).ToList();
            await batch.Execute(CancellationToken.None);

            var accepted = new List<(Pending Pending, EditResult.Accepted Accepted)>();
            for (var i = 0; i < group.Count; i++)
            {
                var stream = await fetches[i];
                var request = group[i].Request;
                var (result, events) = RecordEditor.Stale(request, stream.Aggregate) is { } stale
                    ? (stale, [])
                    : RecordEditor.Judge(request, stream.Aggregate, PastStates.None);
                if (result is EditResult.Accepted { } yes && events.Count > 0)
                {
                    stream.AppendMany(events);
                    accepted.Add((group[i], yes));
                }
                else group[i].Answer.SetResult(result);
            }
            if (accepted.Count == 0) return;

            var pendingStreams = session.PendingChanges.Streams().ToDictionary(stream => stream.Id);
            foreach (var (pending, yes) in accepted)
            {
                var events = pendingStreams[pending.Request.RecordId].Events;
                foreach (var e in events)
                {
                    foreach (var (name, value) in RecordEditor.Headers(pending.Request, yes.Revision)) e.SetHeader(name, value);
                    stamps.Add(e, pending.Request);
                }
                pending.Commit.Sending(yes, events[0].Id);
            }
            PersonalValues.Seal(session);
            // Never cancelled once sent, as on the single path: a started edit finishes or leaves nothing.
            await session.SaveChangesAsync(CancellationToken.None);
            foreach (var (pending, yes) in accepted) pending.Answer.SetResult(yes);
        }
        catch (Exception)
        {
            // The group's transaction is gone: what is not answered yet goes to the single path, which finds out
            // whether a failed commit stored its events after all (UnconfirmedCommit) before deciding again.
            foreach (var pending in group) pending.Answer.TrySetResult(null);
        }
    }

    /// <summary>
    /// Each event's correlation id, which Marten sets from the session on every event while it prepares the append, so
    /// it is put back per edit after that (listeners run before the rows are written).
    /// </summary>
    private sealed class Stamps : DocumentSessionListenerBase
    {
        private readonly List<(JasperFx.Events.IEvent Event, EditRequest Request)> events = [];

        public void Add(JasperFx.Events.IEvent e, EditRequest request) => events.Add((e, request));

        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            foreach (var (e, request) in events) e.CorrelationId = request.CorrelationId;
            return Task.CompletedTask;
        }
    }

    private sealed record Pending(EditRequest Request, UnconfirmedCommit Commit)
    {
        public TaskCompletionSource<EditResult?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One chronology's queue: groups form while earlier ones are in flight.</summary>
    private sealed class Lane
    {
        private readonly GroupCommit owner;
        private readonly string tenant;
        private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
        private readonly SemaphoreSlim slots = new(InFlight);

        public Lane(GroupCommit owner, string tenant)
        {
            (this.owner, this.tenant) = (owner, tenant);
            _ = Task.Run(Form);
        }

        public void Enqueue(Pending pending) => queue.Writer.TryWrite(pending);

        private async Task Form()
        {
            var waiting = new List<Pending>();
            while (true)
            {
                if (waiting.Count == 0 && !await queue.Reader.WaitToReadAsync()) return;
                await slots.WaitAsync();
                var group = new List<Pending>();
                var records = new HashSet<Guid>();
                var later = new List<Pending>();
                foreach (var pending in waiting) Place(pending);
                while (group.Count < MostPerGroup && queue.Reader.TryRead(out var next)) Place(next);
                waiting = later;
                // Locked in record id order, so two groups in flight that share records never wait for each other in a cycle.
                group.Sort((a, b) => a.Request.RecordId.CompareTo(b.Request.RecordId));
                _ = Task.Run(async () =>
                {
                    try { await owner.Store(tenant, group); }
                    finally { slots.Release(); }
                });

                void Place(Pending pending)
                {
                    if (group.Count < MostPerGroup && records.Add(pending.Request.RecordId)) group.Add(pending);
                    else later.Add(pending);
                }
            }
        }
    }
}
