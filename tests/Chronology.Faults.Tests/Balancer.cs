namespace Chronology.Faults.Tests;

/// <summary>HAProxy in front of the given APIs, started by deploy/haproxy.sh on a port and folder of the suite's own.</summary>
public sealed class Balancer : IAsyncDisposable
{
    public const int Port = 28690;

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "chronology-faults-haproxy");

    private readonly Dictionary<string, string> settings;

    private Balancer(IEnumerable<Uri> apis) => settings = new()
    {
        ["CHRONOLOGY_LB_PORT"] = Port.ToString(),
        ["CHRONOLOGY_API_PORTS"] = string.Join(' ', apis.Select(api => api.Port)),
        ["CHRONOLOGY_LB_DIR"] = Folder,
    };

    public Uri Url { get; } = new($"http://127.0.0.1:{Port}");

    public static async Task<Balancer> Start(params Uri[] apis)
    {
        var balancer = new Balancer(apis);
        await DeployScript.Run("haproxy.sh", balancer.settings, "stop");
        await DeployScript.Run("haproxy.sh", balancer.settings, "start");
        return balancer;
    }

    public async ValueTask DisposeAsync() => await DeployScript.Run("haproxy.sh", settings, "stop");
}
