using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chronology.Domain.Log;

/// <summary>Signs the log's tree head every second while it grows, so a signed head is at most a few seconds behind.</summary>
public sealed class TreeHeadSigning(TreeHeadSigner signer, ILogger<TreeHeadSigning> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await signer.SignIfGrown(stoppingToken) is { } head)
                    log.LogInformation("Signed tree head {TreeSize} {RootHash}", head.TreeSize, head.RootHash);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(failure, "Could not sign the log's tree head");
            }
            await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Signs tree heads when a key is configured (see <see cref="LogKey"/>); without one the log grows unsigned.</summary>
    public static bool AddTo(IServiceCollection services, IConfiguration configuration)
    {
        if (LogKey.FromConfiguration(configuration) is not { } key) return false;
        Add(services, key);
        return true;
    }

    public static void Add(IServiceCollection services, LogKey key)
    {
        services.AddSingleton(key);
        services.AddSingleton<TreeHeadSigner>();
        services.AddHostedService<TreeHeadSigning>();
    }
}
