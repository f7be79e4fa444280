using Marten;
using Marten.Schema.Identity;

namespace Chronology.Domain.Log;

public static class TransparencyLogStore
{
    /// <summary>
    /// The log's tables. Ids are positions the log assigns (entry index, tree size), never generated: index 0 is a real
    /// entry, where Marten would otherwise draw a number for a zero id.
    /// </summary>
    public static StoreOptions AddTransparencyLog(this StoreOptions options)
    {
        options.Schema.For<LogEntry>().IdStrategy(new NoOpIdGeneration())
            .Index(entry => entry.FirstSequence)
            .Index([entry => entry.RecordId, entry => entry.Revision], _ => { });
        options.Schema.For<SignedTreeHead>().IdStrategy(new NoOpIdGeneration());
        options.Schema.For<LogSigningKey>();
        return options;
    }
}
