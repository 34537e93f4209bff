using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorMailProxy.Gateway.Tls;

namespace ActorMailProxy.Gateway.Tests.Tls;

/// <summary>
/// What the cluster port trusts: certificates that chain to the cluster's CA file, and nothing the system trusts
/// instead. Files that cannot work are refused at start-up, before a node waits to join in vain.
/// </summary>
public sealed class ClusterTlsLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-cluster-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_node_certificate_from_the_ca_loads_with_mutual_authentication_and_no_name_check()
    {
        var ca = NewCa("cluster");
        var files = Issue(ca, "node1", keyInCertFile: false);

        var setup = ClusterTls.Load(files);

        Assert.True(setup.Certificate.HasPrivateKey);
        Assert.True(setup.RequireMutualAuthentication);
        Assert.False(setup.SuppressValidation);
        Assert.False(setup.ValidateCertificateHostname);
        Assert.NotNull(setup.CustomValidator);
    }

    [Fact]
    public void The_key_may_be_in_the_certificate_file()
    {
        var files = Issue(NewCa("cluster"), "node1", keyInCertFile: true);

        Assert.Null(files.KeyFile);
        Assert.True(ClusterTls.Load(files).Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused_at_start_up()
    {
        var ours = NewCa("cluster");
        var theirs = Issue(NewCa("other"), "node1", keyInCertFile: false);

        var error = Assert.Throws<TlsSetupException>(() => ClusterTls.Load(theirs with { CaFile = ours.File }));

        Assert.Contains("is not accepted by --cluster_ca_file", error.Message);
    }

    [Fact]
    public void Missing_files_and_a_ca_file_without_certificates_are_refused()
    {
        var ca = NewCa("cluster");
        var files = Issue(ca, "node1", keyInCertFile: false);
        var empty = Path.Combine(_dir, "empty.pem");
        File.WriteAllText(empty, "not a certificate\n");

        Assert.Contains("cannot read --cluster_ca_file", Assert.Throws<TlsSetupException>(() => ClusterTls.Load(files with { CaFile = Path.Combine(_dir, "none.pem") })).Message);
        Assert.Contains("holds no PEM certificate", Assert.Throws<TlsSetupException>(() => ClusterTls.Load(files with { CaFile = empty })).Message);
        Assert.Contains("cannot load --cluster_cert_file", Assert.Throws<TlsSetupException>(() => ClusterTls.Load(files with { KeyFile = empty })).Message);
    }

    [Fact]
    public void A_peer_is_accepted_only_with_a_certificate_the_cluster_ca_issued()
    {
        var ca = NewCa("cluster");
        var other = NewCa("other");
        var trusted = new ClusterCa(new X509Certificate2Collection(ca.Certificate));
        using var peer = X509CertificateLoader.LoadCertificate(Load(Issue(ca, "peer", keyInCertFile: false)).RawData);
        using var stranger = X509CertificateLoader.LoadCertificate(Load(Issue(other, "stranger", keyInCertFile: false)).RawData);

        Assert.True(trusted.Issued(peer, [], out _));
        Assert.False(trusted.Issued(stranger, [], out var problem));
        Assert.NotEmpty(problem);
        // What a stranger sends along cannot make its own CA an anchor.
        Assert.False(trusted.Issued(stranger, [other.Certificate], out _));
    }

    private static X509Certificate2 Load(ClusterTlsSettings files) => X509Certificate2.CreateFromPemFile(files.CertFile, files.KeyFile);

    private sealed record TestCa(X509Certificate2 Certificate, ECDsa Key, string File);

    private TestCa NewCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=ActorMailProxy test {name} CA {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var file = Path.Combine(_dir, $"{name}-ca.pem");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        return new TestCa(certificate, key, file);
    }

    private ClusterTlsSettings Issue(TestCa ca, string name, bool keyInCertFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.Key),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        var certFile = Path.Combine(_dir, $"{name}.crt");
        var keyFile = Path.Combine(_dir, $"{name}.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem() + "\n" + (keyInCertFile ? key.ExportPkcs8PrivateKeyPem() + "\n" : ""));
        if (!keyInCertFile)
        {
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        return new ClusterTlsSettings(certFile, keyInCertFile ? null : keyFile, ca.File);
    }
}
