using Chronology.Domain.Chronologies;
using Marten;
using JasperFx;

namespace Chronology.Domain.Log;

/// <summary>
/// Signs a new tree head when the log has grown. It keeps the log's compact range in memory, so each head reads only the
/// entries added since the last one; and before signing past a head signed earlier it checks that the stored entries
/// still give that head's root, so it never signs a log whose past was rewritten.
/// </summary>
public sealed class TreeHeadSigner(IDocumentStore store, LogKey key, TimeProvider clock)
{
    private CompactRange range = new();
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public async Task<SignedTreeHead?> SignIfGrown(CancellationToken cancellation)
    {
        await oneAtATime.WaitAsync(cancellation);
        try
        {
            await using var session = store.ChronologySession();
            await Publish(session, cancellation);
            var latest = await session.Query<SignedTreeHead>().OrderByDescending(head => head.Id).FirstOrDefaultAsync(cancellation);
            var size = await TransparencyLog.Size(session, cancellation);
            if (size == 0 || size <= (latest?.Id ?? 0)) return null;

            // The range in memory stands for the entries of the latest head. Behind it (another worker signed since), it is
            // extended to it and checked against it; beyond it (the log was reset), it is built again.
            if (range.Size > (latest?.Id ?? 0)) range = new CompactRange();
            if (latest is not null && range.Size < latest.Id)
            {
                await TransparencyLog.ExtendTo(session, range, latest.Id, cancellation);
                if (Convert.ToBase64String(range.Root()) != latest.RootHash)
                    throw new InvalidOperationException(
                        $"The stored log's first {latest.Id} entries no longer give the root signed at {latest.Timestamp}: the log was rewritten. Run verify.");
            }
            await TransparencyLog.ExtendTo(session, range, size, cancellation);
            var rootHash = Convert.ToBase64String(range.Root());
            var timestamp = clock.GetUtcNow().UtcDateTime.ToString(SignedTreeHead.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture);
            var head = new SignedTreeHead(size, rootHash, timestamp, key.Sign(SignedTreeHead.SignedBytes(size, rootHash, timestamp)));
            session.Insert(head);
            await session.SaveChangesAsync(cancellation);
            return head;
        }
        catch (DocumentAlreadyExistsException)
        {
            return null; // another worker signed this size first
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task Publish(IDocumentSession session, CancellationToken cancellation)
    {
        var published = await session.LoadAsync<LogSigningKey>(LogSigningKey.CurrentId, cancellation);
        if (published?.PublicKey == key.PublicKey) return;
        session.Store(new LogSigningKey(LogSigningKey.CurrentId, key.PublicKey));
        await session.SaveChangesAsync(cancellation);
    }
}
