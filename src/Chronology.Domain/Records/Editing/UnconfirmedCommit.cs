namespace Chronology.Domain.Records.Editing;

/// <summary>
/// The commit an edit has sent and not yet seen succeed: when the connection fails on the way, the first event's id
/// (which Marten assigns before sending) tells whether the events were stored after all.
/// </summary>
internal sealed class UnconfirmedCommit
{
    public EditResult.Accepted? Accepted { get; private set; }

    public Guid FirstEventId { get; private set; }

    public void Sending(EditResult.Accepted accepted, Guid firstEventId) => (Accepted, FirstEventId) = (accepted, firstEventId);

    public void Clear() => (Accepted, FirstEventId) = (null, Guid.Empty);
}
