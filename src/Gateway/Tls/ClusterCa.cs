using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// Which certificates the cluster port accepts: those whose chain ends at the cluster's own CA, never at one the
/// system trusts. Names are not checked: nodes reach each other by address, and the CA issues only to nodes.
/// </summary>
public sealed class ClusterCa(X509Certificate2Collection anchors)
{
    /// <summary>Whether <paramref name="certificate"/> chains to the CA; <paramref name="sent"/> are the certificates the peer sent with it.</summary>
    public bool Issued(X509Certificate2 certificate, IEnumerable<X509Certificate2> sent, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        // Intermediates the peer sent may complete the chain; only the CA can anchor it.
        chain.ChainPolicy.ExtraStore.AddRange(sent.Where(c => c.Thumbprint != certificate.Thumbprint).ToArray());
        if (chain.Build(certificate))
        {
            problem = "";
            return true;
        }
        problem = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return false;
    }

    /// <summary>Akka's check of each peer, on both ends of a connection; a refusal is logged with the peer and the reason.</summary>
    public CertificateValidationCallback Validation => (certificate, chain, peer, _, log) =>
    {
        if (certificate is null)
        {
            log.Warning("Cluster TLS: refused {0}: it presented no certificate", peer);
            return false;
        }
        var sent = chain?.ChainElements.Select(e => e.Certificate) ?? [];
        if (Issued(certificate, sent, out var problem))
        {
            return true;
        }
        log.Warning("Cluster TLS: refused {0}: its certificate {1} (issued by {2}) is not from the cluster's CA: {3}",
            peer, certificate.Subject, certificate.Issuer, problem);
        return false;
    };
}
