using Microsoft.Extensions.Configuration;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Chronology.Domain.Log;

/// <summary>
/// The Ed25519 key that signs tree heads (RFC 8032; .NET has no Ed25519 of its own, so BouncyCastle's). Configured as
/// <c>Log:SigningKey</c> (base64 of the 32-byte private seed) or <c>Log:SigningKeyFile</c> (a file holding that);
/// ./run.sh makes a development key outside the repository on first run.
/// </summary>
public sealed class LogKey
{
    private readonly Ed25519PrivateKeyParameters privateKey;

    public LogKey(byte[] seed)
    {
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize)
            throw new ArgumentException($"An Ed25519 signing key is {Ed25519PrivateKeyParameters.KeySize} bytes; this one has {seed.Length}.");
        privateKey = new Ed25519PrivateKeyParameters(seed);
        PublicKey = Convert.ToBase64String(privateKey.GeneratePublicKey().GetEncoded());
    }

    /// <summary>Base64 of the raw 32-byte public key.</summary>
    public string PublicKey { get; }

    public static LogKey? FromConfiguration(IConfiguration configuration)
    {
        var text = configuration["Log:SigningKey"] is { Length: > 0 } inline ? inline
            : configuration["Log:SigningKeyFile"] is { Length: > 0 } file ? File.ReadAllText(file)
            : null;
        return text is null ? null : new LogKey(Convert.FromBase64String(text.Trim()));
    }

    public string Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(message, 0, message.Length);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    public static bool Verify(string publicKey, byte[] message, string signature)
    {
        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromBase64String(publicKey)));
            verifier.BlockUpdate(message, 0, message.Length);
            return verifier.VerifySignature(Convert.FromBase64String(signature));
        }
        catch (Exception failure) when (failure is FormatException or ArgumentException)
        {
            return false;
        }
    }
}
