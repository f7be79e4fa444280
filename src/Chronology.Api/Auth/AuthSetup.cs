using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Chronology.Api.Auth;

public static class AuthSetup
{
    private const string SelectScheme = "ApiKeyOrJwt";

    public static IServiceCollection AddChronologyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));

        var authentication = services.AddAuthentication(SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddPolicyScheme(SelectScheme, SelectScheme, options => options.ForwardDefaultSelector = http =>
                auth.Jwt?.Authority is not null && LooksLikeJwt(http.Request.Headers.Authorization.ToString())
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName);
        if (auth.Jwt?.Authority is { } authority)
            authentication.AddJwtBearer(options =>
            {
                options.Authority = authority;
                options.Audience = auth.Jwt.Audience;
            });

        services.AddAuthorization(options =>
        {
            options.AddPolicy(Policies.Edit, policy => policy.RequireRole(Roles.Editor, Roles.Admin));
            options.AddPolicy(Policies.Administer, policy => policy.RequireRole(Roles.Admin));
            options.AddPolicy(Policies.Read, policy =>
            {
                if (auth.RequireAuthForReads) policy.RequireRole(Roles.Reader, Roles.Editor, Roles.Admin);
                else policy.RequireAssertion(_ => true);
            });
        });
        return services;
    }

    private static bool LooksLikeJwt(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Count(c => c == '.') == 2;
}
