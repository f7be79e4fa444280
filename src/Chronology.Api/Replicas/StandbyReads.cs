using Chronology.Domain.Chronologies;
using Marten;
using Marten.Services;
using Marten.Storage;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace Chronology.Api.Replicas;

/// <summary>
/// Where a read runs: the one place that decides it. With a standby configured, the reads of a GET (history, timeline,
/// diffs, blame, exports, past and current revisions) go to the standby, or to the primary when no standby answers
/// (Npgsql's multi-host prefer-standby); a read carrying <c>minRevision</c> stays on the primary, so a client that
/// passes the revision its write returned reads its own write even before the standby has replayed it. Writes, the
/// admin endpoints and the health checks always use the primary. Every session the application's DI or Wolverine
/// opens comes from here (Marten's <see cref="ISessionFactory"/>), and so do the view reader's connections, each in the
/// request's chronology (<see cref="ChronologyScope"/>).
/// </summary>
public sealed class StandbyReads : SessionFactoryBase
{
    public const string ReadYourWrites = "minRevision";

    private readonly IDocumentStore store;
    private readonly IHttpContextAccessor http;
    /// <summary>The standby as a Marten database of the same schema: sessions on it read what the primary wrote.</summary>
    private readonly Lazy<IMartenDatabase>? standby;
    private readonly NpgsqlDataSource? standbyReads;

    public StandbyReads(IDocumentStore store, StoreOptions options, IHttpContextAccessor http, StandbyConnection connection) : base(store)
    {
        this.store = store;
        this.http = http;
        standbyReads = connection.Reads;
        if (standbyReads is { } reads) standby = new(() => new MartenDatabase(options, reads, "standby"));
    }

    public override SessionOptions BuildOptions()
    {
        var options = OnStandby ? SessionOptions.ForDatabase(standby!.Value) : new SessionOptions { TenantId = ChronologyScope.TenantId };
        options.Tracking = DocumentTracking.None;
        return options;
    }

    public override IQuerySession QuerySession() => store.QuerySession(BuildOptions());

    public NpgsqlConnection CreateConnection() => OnStandby ? standbyReads!.CreateConnection() : store.ChronologyDatabase().CreateConnection();

    private static readonly AsyncLocal<bool> readingAsGets = new();

    /// <summary>
    /// Until disposed, reads outside any request go where a GET's would (the standby, when configured): for work that must
    /// see the views as the GETs see them, such as the watch that tells when a remembered tag is outdated.
    /// </summary>
    public static IDisposable ReadAsGets()
    {
        readingAsGets.Value = true;
        return new Disposable(() => readingAsGets.Value = false);
    }

    /// <summary>The standby follows the default chronology's server; a chronology with a database elsewhere reads its own.</summary>
    private bool OnStandby
    {
        get
        {
            if (readingAsGets.Value && http.HttpContext is null) return standby is not null && ChronologyScope.IsDefault;
            if (http.HttpContext?.Request is not { } request || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return false;
            if (request.Path.StartsWithSegments("/admin") || request.Path.StartsWithSegments("/health")) return false;
            var onStandby = standby is not null && ChronologyScope.IsDefault && !request.Query.ContainsKey(ReadYourWrites);
            ReadsByServer.Count(request.HttpContext, onStandby);
            return onStandby;
        }
    }

    private sealed class Disposable(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
