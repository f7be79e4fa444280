using Marten;
using Marten.Schema.Identity;

namespace Chronology.Domain.Log;

public static class TransparencyLogStore
{
    /// <summary>
    /// The log's tables. Ids are never generated: an entry's is its first event's sequence number, a head's its tree size.
    /// The entry's index is a column of its own, unique, so reads by index go through it.
    /// </summary>
    public static StoreOptions AddTransparencyLog(this StoreOptions options)
    {
        options.Schema.For<LogEntry>().IdStrategy(new NoOpIdGeneration())
            .Duplicate(entry => entry.Index, configure: index => index.IsUnique = true, notNull: true)
            .Index([entry => entry.RecordId, entry => entry.Revision], _ => { });
        options.Schema.For<SignedTreeHead>().IdStrategy(new NoOpIdGeneration());
        options.Schema.For<LogNode>();
        options.Schema.For<LogSigningKey>();
        return options;
    }
}
