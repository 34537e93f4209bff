using ActorMailProxy.Protocols;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Tls;

namespace ActorMailProxy.Integration.Cluster.Tls;

/// <summary>
/// A three-node cluster whose cluster port takes only mutual TLS: one CA (<see cref="Pki"/>), a certificate of its own
/// for each node and one for the operator commands, all for 127.0.0.1. IMAP logins go to the fixture's alpha
/// Dovecot (-M ""). <see cref="OtherPki"/> is a second CA, for strangers. One per test class (a class fixture).
/// </summary>
public sealed class TlsCluster(TwoBackendsFixture backends) : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("amp-cluster-pki-");
    private ProxyCluster? _cluster;

    public TestPki Pki { get; private set; } = null!;

    public TestPki OtherPki { get; private set; } = null!;

    /// <summary>Node i's certificate (and key), from <see cref="Pki"/>.</summary>
    public IReadOnlyList<TestCertificate> NodeCertificates { get; private set; } = [];

    public ProxyCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not been started");

    public TwoBackendsFixture Backends => backends;

    /// <summary>A place for files a test makes (a CA bundle), deleted with the fixture.</summary>
    public string Directory => _dir.FullName;

    /// <summary>The options that give a node or an operator command <paramref name="certificate"/> and trust <paramref name="caFile"/>.</summary>
    public static string[] TlsArgs(TestCertificate certificate, string caFile) =>
        ["--cluster_cert_file", certificate.CertPemPath, "--cluster_key_file", certificate.KeyPemPath, "--cluster_ca_file", caFile];

    public async Task InitializeAsync()
    {
        Pki = TestPki.Create(Path.Combine(Directory, "cluster"));
        OtherPki = TestPki.Create(Path.Combine(Directory, "other"));
        NodeCertificates = [.. Enumerable.Range(0, 3).Select(i => Pki.IssueServerAndClient($"node{i}", "127.0.0.1"))];
        var operatorCertificate = Pki.IssueServerAndClient("operator", "127.0.0.1");
        var alpha = backends.Alpha;
        _cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", alpha.Host, "-p", $"{alpha.ImapPort}"],
            NodeArgs = i => TlsArgs(NodeCertificates[i], Pki.CaPemPath),
            AdminArgs = TlsArgs(operatorCertificate, Pki.CaPemPath),
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
        finally
        {
            _dir.Delete(recursive: true);
        }
    }
}
