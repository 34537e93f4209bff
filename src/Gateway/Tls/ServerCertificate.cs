using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// Our certificate for TLS listeners, from perdition's PEM files. <see cref="Reload"/> (SIGHUP) swaps it for the next
/// handshakes; sessions already up keep theirs.
/// </summary>
public sealed class ServerCertificate
{
    private readonly TlsSettings _settings;
    private volatile SslStreamCertificateContext _current;

    public ServerCertificate(TlsSettings settings)
    {
        _settings = settings;
        _current = Load(settings);
    }

    public SslStreamCertificateContext Current => _current;

    /// <summary>Reads the files again; on any error the certificate in use stays and the error is thrown.</summary>
    public void Reload() => _current = Load(_settings);

    private static SslStreamCertificateContext Load(TlsSettings s)
    {
        if (!File.Exists(s.CertFile))
        {
            throw new TlsSetupException($"--ssl_cert_file {s.CertFile} does not exist; a TLS listener needs a certificate");
        }
        if (!File.Exists(s.KeyFile))
        {
            throw new TlsSetupException($"--ssl_key_file {s.KeyFile} does not exist; a TLS listener needs the certificate's key");
        }
        try
        {
            var passphrase = Passphrase(s);
            var certificate = passphrase is null
                ? X509Certificate2.CreateFromPemFile(s.CertFile, s.KeyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(s.CertFile, passphrase, s.KeyFile);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(s.CertFile);
            var intermediates = chain.Where(c => c.Thumbprint != certificate.Thumbprint).ToList();
            if (s.CaChainFile is { } chainFile)
            {
                var more = new X509Certificate2Collection();
                more.ImportFromPemFile(chainFile);
                intermediates.AddRange(more);
            }
            return SslStreamCertificateContext.Create(certificate, [.. intermediates], offline: true);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new TlsSetupException($"cannot load the certificate {s.CertFile} with key {s.KeyFile}: {e.Message}");
        }
    }

    /// <summary>perdition's --ssl_passphrase_file / --ssl_passphrase_fd: the first line; none when neither is set.</summary>
    private static string? Passphrase(TlsSettings s)
    {
        var source = s.PassphraseFile ?? (s.PassphraseFd > 0 ? $"/proc/self/fd/{s.PassphraseFd}" : null);
        if (source is null)
        {
            return null;
        }
        using var reader = new StreamReader(source);
        return reader.ReadLine() ?? "";
    }
}
