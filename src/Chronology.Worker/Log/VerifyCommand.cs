using Chronology.Domain.Chronologies;
using Chronology.Domain.Log;
using JasperFx.CommandLine;

namespace Chronology.Worker.Log;

public sealed class VerifyInput : NetCoreInput
{
    [Description("Verify this export (GET /log/export, NDJSON) offline instead of the log in PostgreSQL")]
    public string? ExportFlag { get; set; }

    [Description("The log's Ed25519 public key (base64 of the raw 32 bytes); by default the configured signing key's, or the one the worker published")]
    public string? PublicKeyFlag { get; set; }

    [Description("Verify this chronology's log (each chronology has its own); by default the default chronology's")]
    public string? ChronologyFlag { get; set; }
}

/// <summary>
/// <c>verify</c>: derives every entry of the transparency log again from the events in PostgreSQL and checks it, and every
/// signed tree head, naming the first entry that no longer matches; or, with <c>--export</c>, checks an export offline.
/// Exit code 0 when the log holds.
/// </summary>
[Description("Verify the signed transparency log against the events in PostgreSQL, or an export of it offline", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        LogVerification verification;
        if (input.ExportFlag is { } export)
        {
            if (input.PublicKeyFlag is not { } publicKey)
            {
                Console.Error.WriteLine("An export is verified with the log's public key: pass --public-key.");
                return false;
            }
            using var reader = File.OpenText(export);
            verification = await ExportVerifier.Verify(reader, publicKey, CancellationToken.None);
        }
        else
        {
            using var host = input.BuildHost();
            using var chronology = ChronologyScope.Enter(input.ChronologyFlag);
            var publicKey = input.PublicKeyFlag ?? host.Services.GetService<LogKey>()?.PublicKey;
            verification = await host.Services.GetRequiredService<LogVerifier>().Verify(publicKey, CancellationToken.None);
        }
        Console.WriteLine(verification.PublicKey is { } key ? $"Public key: {key}" : "No public key: pass --public-key, configure Log:SigningKey, or let the worker publish it.");
        Console.WriteLine(verification.Summary());
        Console.WriteLine($"({verification.Entries} entries, {verification.TreeHeads} tree heads, in {clock.Elapsed.TotalSeconds:0.0} s)");
        return verification.Verified;
    }
}
