using Marten;
using Marten.Storage;

namespace Chronology.Domain.Chronologies;

/// <summary>
/// The chronology the current request or job works in, and the one place sessions are opened for it. The API enters it
/// for a request's path (/chronologies/{name}/…), a worker for a job's message (its envelope's tenant); outside any
/// scope it is the default chronology, so code that never enters one works exactly as in a store without chronologies.
/// </summary>
public static class ChronologyScope
{
    private static readonly AsyncLocal<string?> current = new();

    public static string Name => current.Value ?? ChronologyCatalogue.DefaultName;

    public static bool IsDefault => Name == ChronologyCatalogue.DefaultName;

    public static string TenantId => ChronologyCatalogue.TenantId(Name);

    /// <summary>Works in a chronology until disposed. A Marten tenant id (Wolverine's envelope carries one) names the chronology too.</summary>
    public static IDisposable Enter(string? nameOrTenant)
    {
        var previous = current.Value;
        current.Value = nameOrTenant is null or "" or JasperFx.StorageConstants.DefaultTenantId ? null : nameOrTenant;
        return new Exit(previous);
    }

    public static IDocumentSession ChronologySession(this IDocumentStore store) => store.LightweightSession(TenantId);

    public static IQuerySession ChronologyQuery(this IDocumentStore store) => store.QuerySession(TenantId);

    /// <summary>The database of the chronology, for work below sessions (advisory locks, event skipping).</summary>
    public static IMartenDatabase ChronologyDatabase(this IDocumentStore store) =>
        IsDefault ? store.Options.Tenancy.Default.Database : store.Options.Tenancy.GetTenant(TenantId).Database;

    /// <summary>
    /// The tenant id that picks the chronology's database in Marten's per-database operations (AllProjectionProgress,
    /// FetchEventStoreStatistics), which without one span every database. The default chronology's database is registered
    /// under its name, and a single-database store answers for any tenant.
    /// </summary>
    public static string DatabaseTenantId => Name;

    /// <summary>The tenant a message about this chronology carries (Wolverine routes it to the chronology's database): none for the default one.</summary>
    public static string? EnvelopeTenantId => IsDefault ? null : TenantId;

    private sealed class Exit(string? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}
