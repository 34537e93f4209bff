using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// How a backend's certificate is judged, for implicit TLS and STARTTLS alike: a chain to the system's CAs or to ours
/// (--ssl_ca_file, --ssl_ca_path, --ssl_ca_chain_file) and the name we connected to, unless perdition's options relax
/// exactly one of those checks.
/// </summary>
public sealed class BackendCertificatePolicy(TlsSettings settings, X509Certificate2Collection ourCas)
{
    public static BackendCertificatePolicy From(TlsSettings settings)
    {
        var cas = new X509Certificate2Collection();
        if (settings.CaChainFile is { } chain)
        {
            cas.ImportFromPemFile(chain);
        }
        else
        {
            if (File.Exists(settings.CaFile))
            {
                cas.ImportFromPemFile(settings.CaFile);
            }
            if (Directory.Exists(settings.CaPath))
            {
                foreach (var file in Directory.EnumerateFiles(settings.CaPath).Where(f => f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(".crt", StringComparison.Ordinal) || f.EndsWith(".0", StringComparison.Ordinal)))
                {
                    cas.ImportFromPemFile(file);
                }
            }
        }
        return new BackendCertificatePolicy(settings, cas);
    }

    /// <summary>Null when the certificate is acceptable; otherwise why not, for our log.</summary>
    public string? Judge(string host, X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (settings.NoCertVerify)
        {
            return null;
        }
        if (certificate is null)
        {
            return "backend presented no certificate";
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && !settings.NoCnVerify && !IpMatches(host, certificate))
        {
            return $"backend certificate is not for {host}";
        }
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presentedChain.ChainElements.Select(e => e.Certificate).ToArray());
        }
        if (ourCas.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(ourCas);
        }
        if (chain.Build(leaf) || ChainAcceptable(chain, leaf))
        {
            return chain.ChainElements.Count - 1 > settings.CertVerifyDepth ? $"backend certificate chain is longer than {settings.CertVerifyDepth}" : null;
        }
        if (ourCas.Count > 0 && SystemTrusts(leaf, presentedChain))
        {
            return null;
        }
        return "backend certificate not trusted: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status));
    }

    private bool ChainAcceptable(X509Chain chain, X509Certificate2 leaf)
    {
        var selfSignedLeaf = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData) && chain.ChainElements.Count == 1;
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
        return chain.ChainStatus.Length > 0;
    }

    /// <summary>NotTimeValid covers both ends: excuse each only by its own option.</summary>
    private bool TimeExcused(X509Chain chain)
    {
        var now = DateTime.Now;
        return chain.ChainElements.All(e =>
            (e.Certificate.NotAfter >= now || settings.CertAcceptExpired) && (e.Certificate.NotBefore <= now || settings.CertAcceptNotYetValid));
    }

    private static bool SystemTrusts(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainElements.Select(e => e.Certificate).ToArray());
        }
        return chain.Build(leaf);
    }

    /// <summary>.NET checks SANs of DNS type against an IP target too; an IP SAN matching the address we dialled counts.</summary>
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
