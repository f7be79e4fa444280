using Chronology.Domain.Chronologies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chronology.Domain.Log;

/// <summary>
/// Signs the log's tree head every second while it grows, so a signed head is at most a few seconds behind. Each chronology
/// has a log of its own in its own database, so each has its own signer (the default chronology's is the one in DI).
/// </summary>
public sealed class TreeHeadSigning(TreeHeadSigner signer, ChronologyCatalogue chronologies, IServiceProvider services, ILogger<TreeHeadSigning> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signers = chronologies.Names.ToDictionary(name => name,
            name => name == ChronologyCatalogue.DefaultName ? signer : ActivatorUtilities.CreateInstance<TreeHeadSigner>(services));
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var (chronology, chronologySigner) in signers)
            {
                using var scope = ChronologyScope.Enter(chronology);
                try
                {
                    if (await chronologySigner.SignIfGrown(stoppingToken) is { } head)
                        log.LogInformation("Signed tree head {TreeSize} {RootHash} of chronology {Chronology}", head.TreeSize, head.RootHash, chronology);
                }
                catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(failure, "Could not sign the tree head of chronology {Chronology}'s log", chronology);
                }
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
