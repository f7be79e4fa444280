using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Chronology.Api.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Chronology.Api.Auth;

/// <summary>A principal from configuration: <c>Auth__Principals__0__Name</c>, <c>__Key</c>, <c>__Roles__0…</c>.</summary>
public sealed class PrincipalOptions
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public List<string> Roles { get; set; } = [];
}

public sealed class AuthOptions
{
    public List<PrincipalOptions> Principals { get; set; } = [];
    public bool RequireAuthForReads { get; set; }
    public JwtOptions? Jwt { get; set; }
}

public sealed class JwtOptions
{
    public string? Authority { get; set; }
    public string? Audience { get; set; }
}

public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";
}

public static class Policies
{
    public const string Read = "read";
    public const string Edit = "edit";
    public const string Administer = "administer";
}

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> checked against the configured principals. Keys are compared as
/// SHA-256 digests in constant time, so neither their content nor their length leaks through timing.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("Use 'Authorization: Bearer <key>'."));

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        PrincipalOptions? match = null;
        foreach (var principal in auth.CurrentValue.Principals.Where(p => p.Key.Length > 0))
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(principal.Key))))
                match = principal;
        if (match is null) return Task.FromResult(AuthenticateResult.Fail("The key is not known."));

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, match.Name), .. match.Roles.Select(role => new Claim(ClaimTypes.Role, role))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        await Problems.ProblemAnswers.Unauthorized(failure ?? "Send 'Authorization: Bearer <key>'.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.ProblemAnswers.Forbidden($"{Context.User.Identity?.Name} may not do this.").ExecuteAsync(Context);
}
