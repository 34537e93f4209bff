using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// How a backend's certificate is judged, for implicit TLS and STARTTLS alike: a chain to the system's CAs or to ours
/// (--ssl_ca_file, --ssl_ca_path, --ssl_ca_chain_file) and the name we connected to, unless perdition's options relax
/// exactly one of those checks. Both sets of CAs go into one trust store, so the handshake builds the chain once and
/// the judgement reads that chain's status instead of building another.
/// </summary>
public sealed class BackendCertificatePolicy(TlsSettings settings, X509ChainPolicy chainPolicy)
{
    public static BackendCertificatePolicy From(TlsSettings settings)
    {
        var trusted = new X509Certificate2Collection();
        using (var system = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
        {
            system.Open(OpenFlags.ReadOnly);
            trusted.AddRange(system.Certificates);
        }
        if (settings.CaChainFile is { } chain)
        {
            trusted.ImportFromPemFile(chain);
        }
        else
        {
            if (File.Exists(settings.CaFile))
            {
                trusted.ImportFromPemFile(settings.CaFile);
            }
            if (Directory.Exists(settings.CaPath))
            {
                foreach (var file in Directory.EnumerateFiles(settings.CaPath).Where(f => f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(".crt", StringComparison.Ordinal) || f.EndsWith(".0", StringComparison.Ordinal)))
                {
                    trusted.ImportFromPemFile(file);
                }
            }
        }
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(trusted);
        return new BackendCertificatePolicy(settings, policy);
    }

    /// <summary>The chain policy for one handshake (a copy: policies are mutable).</summary>
    public X509ChainPolicy ChainPolicy() => chainPolicy.Clone();

    /// <summary>Null when the certificate is acceptable; otherwise why not, for our log.</summary>
    public string? Judge(string host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (settings.NoCertVerify)
        {
            return null;
        }
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "backend presented no certificate";
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && !settings.NoCnVerify && !IpMatches(host, certificate))
        {
            return $"backend certificate is not for {host}";
        }
        if (chain is null)
        {
            return "backend certificate chain could not be built";
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && !ChainAcceptable(chain, certificate))
        {
            return "backend certificate not trusted: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status));
        }
        return chain.ChainElements.Count - 1 > settings.CertVerifyDepth ? $"backend certificate chain is longer than {settings.CertVerifyDepth}" : null;
    }

    /// <summary>Every problem of the built chain must be one that an option the operator set excuses.</summary>
    private bool ChainAcceptable(X509Chain chain, X509Certificate certificate)
    {
        var selfSignedLeaf = chain.ChainElements.Count == 1 && certificate.Subject == certificate.Issuer;
        foreach (var status in chain.ChainStatus.Select(s => s.Status))
        {
            var excused = status switch
            {
                X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => selfSignedLeaf ? settings.CertAcceptSelfSigned : settings.CaAcceptSelfSigned,
                X509ChainStatusFlags.NotTimeValid => TimeExcused(chain),
                _ => false,
            };
            if (!excused)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>NotTimeValid covers both ends: excuse each only by its own option.</summary>
    private bool TimeExcused(X509Chain chain)
    {
        var now = DateTime.Now;
        return chain.ChainElements.All(e =>
            (e.Certificate.NotAfter >= now || settings.CertAcceptExpired) && (e.Certificate.NotBefore <= now || settings.CertAcceptNotYetValid));
    }

    /// <summary>An IP SAN matching the address we dialled counts as the right name.</summary>
    private static bool IpMatches(string host, X509Certificate certificate)
    {
        if (!IPAddress.TryParse(host, out var address) || certificate is not X509Certificate2 cert)
        {
            return false;
        }
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return san is not null && san.EnumerateIPAddresses().Any(a => a.Equals(address));
    }
}
