using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Chronology.Api.Operations;

public sealed class RateLimitOptions
{
    /// <summary>Requests per minute for each principal (anonymous readers share one budget per address); 0 turns it off.</summary>
    public int PermitsPerMinute { get; set; } = 600;
}

public static class RateLimits
{
    public static IServiceCollection AddChronologyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (options.PermitsPerMinute <= 0) return services;

        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(
                    http.User.Identity?.Name is { } name ? $"principal:{name}" : $"address:{http.Connection.RemoteIpAddress}",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PermitsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (context, cancellation) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.ProblemAnswers.TooManyRequests(retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
    }

    public static IApplicationBuilder UseChronologyRateLimits(this IApplicationBuilder app, IConfiguration configuration) =>
        (configuration.GetSection("RateLimit").Get<RateLimitOptions>()?.PermitsPerMinute ?? 600) > 0 ? app.UseRateLimiter() : app;
}
