using Chronology.Api.Auth;
using Microsoft.AspNetCore.Authorization;

namespace Chronology.Api.OpenApi;

/// <summary>What the contract's conventions need to know about one operation: its method, route and who may call it.</summary>
public sealed record RouteShape(string Method, string Path, bool Secured, bool HasPathParameters, bool HasRequestBody)
{
    public static RouteShape Of(string method, string relativePath, IEnumerable<object> metadata, bool hasRequestBody, bool readsNeedAuth)
    {
        var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).ToHashSet();
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var secured = !anonymous &&
                      (policies.Contains(Policies.Edit) || policies.Contains(Policies.Administer) || (readsNeedAuth && policies.Contains(Policies.Read)));
        return new RouteShape(method.ToUpperInvariant(), "/" + relativePath.TrimStart('/'), secured, relativePath.Contains('{'), hasRequestBody);
    }

    public bool IsCommand => Method != "GET";

    /// <summary>An edit of a record: it takes If-Match and Idempotency-Key and answers with the new revision as ETag.</summary>
    public bool IsRecordCommand => IsCommand && Path.StartsWith("/records", StringComparison.Ordinal);

    /// <summary>Creating a record: the one edit that answers 201 with a Location.</summary>
    public bool Creates => Method == "POST" && Path == "/records";

    /// <summary>An edit of an existing record, which If-Match can make conditional (creating a record has no revision to match).</summary>
    public bool TakesIfMatch => IsRecordCommand && Path != "/records";

    /// <summary>Whether the operation reads a body: edits (whose body is optional on DELETE), imports, and any typed body.</summary>
    public bool ReadsBody => HasRequestBody || IsRecordCommand || (IsCommand && Path.StartsWith("/imports", StringComparison.Ordinal));

    /// <summary>Answers that carry the record's revision as ETag: a record, and every edit's answer.</summary>
    public bool AnswersWithETag => IsRecordCommand || (Method == "GET" && Path is "/records/{id}" or "/records/{id}.ics");
}
