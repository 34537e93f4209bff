using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// Mutual TLS on the cluster port (Akka remoting), for nodes and operator commands alike: each end presents its own
/// certificate and accepts the other's only if the cluster's CA issued it. Everything wrong with the files is found
/// here, at start-up, as a <see cref="TlsSetupException"/>.
/// </summary>
public static class ClusterTls
{
    public static DotNettySslSetup Load(ClusterTlsSettings settings)
    {
        var ca = new ClusterCa(Anchors(settings.CaFile));
        var certificate = Certificate(settings);
        if (!ca.Issued(certificate, [], out var problem))
        {
            throw new TlsSetupException($"--cluster_cert_file {settings.CertFile} is not accepted by --cluster_ca_file {settings.CaFile}, "
                + $"so no other node would accept it either: {problem}");
        }
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, ca.Validation);
    }

    private static X509Certificate2Collection Anchors(string caFile)
    {
        var anchors = new X509Certificate2Collection();
        try
        {
            anchors.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsSetupException($"cannot read --cluster_ca_file {caFile}: {e.Message}");
        }
        return anchors.Count > 0 ? anchors : throw new TlsSetupException($"--cluster_ca_file {caFile} holds no PEM certificate");
    }

    private static X509Certificate2 Certificate(ClusterTlsSettings s)
    {
        var keyFile = s.KeyFile ?? s.CertFile;
        try
        {
            return X509Certificate2.CreateFromPemFile(s.CertFile, s.KeyFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new TlsSetupException($"cannot load --cluster_cert_file {s.CertFile} with its key from {keyFile}: {e.Message}");
        }
    }
}
