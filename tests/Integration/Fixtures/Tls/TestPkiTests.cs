using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>Proves the test PKI: its server certificates pass a client that trusts only its CA, and its faulty ones fail for their own reason.</summary>
public sealed class TestPkiTests : IDisposable
{
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("actormailproxy-pki-");
    private readonly TestPki _pki;

    public TestPkiTests() => _pki = TestPki.Create(_directory.FullName);

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Issued_certificate_passes_a_client_that_trusts_only_the_test_ca_by_policy_and_by_callback(string targetHost)
    {
        var server = _pki.IssueServer("server", "127.0.0.1", "localhost");

        await HandshakeAsync(server, new SslClientAuthenticationOptions { TargetHost = targetHost, CertificateChainPolicy = _pki.ChainPolicy() });
        await HandshakeAsync(server, new SslClientAuthenticationOptions { TargetHost = targetHost, RemoteCertificateValidationCallback = _pki.ValidateServerCertificate });
    }

    [Theory]
    [InlineData("self-signed")]
    [InlineData("expired")]
    [InlineData("wrong-name")]
    [InlineData("other-ca")]
    public async Task Faulty_certificate_fails_the_handshake_by_policy_and_by_callback(string fault)
    {
        var server = Faulty(fault);

        await Assert.ThrowsAsync<AuthenticationException>(() =>
            HandshakeAsync(server, new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = _pki.ChainPolicy() }));
        await Assert.ThrowsAsync<AuthenticationException>(() =>
            HandshakeAsync(server, new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", RemoteCertificateValidationCallback = _pki.ValidateServerCertificate }));
    }

    [Theory]
    [InlineData("self-signed", X509ChainStatusFlags.UntrustedRoot)]
    [InlineData("expired", X509ChainStatusFlags.NotTimeValid)]
    [InlineData("other-ca", X509ChainStatusFlags.PartialChain)]
    public void Faulty_chain_fails_for_its_own_reason(string fault, X509ChainStatusFlags reason)
    {
        using var chain = new X509Chain { ChainPolicy = _pki.ChainPolicy() };

        Assert.False(chain.Build(Faulty(fault).Certificate));
        Assert.Contains(reason, chain.ChainStatus.Select(s => s.Status));
    }

    [Fact]
    public void Wrong_name_certificate_chains_to_the_ca_and_names_only_wrong_example()
    {
        var wrong = _pki.WrongName();
        using var chain = new X509Chain { ChainPolicy = _pki.ChainPolicy() };

        Assert.True(chain.Build(wrong.Certificate));
        Assert.Same(wrong, _pki.WrongName());
        Assert.Equal([TestPki.WrongHostName], SubjectAlternativeNames(wrong.Certificate).EnumerateDnsNames());
        Assert.Empty(SubjectAlternativeNames(wrong.Certificate).EnumerateIPAddresses());
        Assert.False(wrong.Certificate.MatchesHostname("127.0.0.1"));
    }

    [Fact]
    public void Server_certificate_names_its_hosts_is_for_server_auth_and_lies_within_the_ca_validity()
    {
        var server = _pki.IssueServer("server", "127.0.0.1", "localhost", "::1");
        var names = SubjectAlternativeNames(server.Certificate);
        var usages = server.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;

        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.False(server.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(_pki.Ca.SubjectName.Name, server.Certificate.IssuerName.Name);
        Assert.InRange(server.Certificate.NotBefore, _pki.Ca.NotBefore, DateTime.Now);
        Assert.InRange(server.Certificate.NotAfter, DateTime.Now, _pki.Ca.NotAfter);
        Assert.True(_pki.Ca.NotBefore < DateTime.Now.AddHours(-23) && _pki.Ca.NotAfter > DateTime.Now.AddDays(364));
    }

    [Fact]
    public void Pem_files_hold_the_same_certificate_and_key_and_only_the_owner_may_read_the_key()
    {
        var server = _pki.IssueServer("server", "127.0.0.1");
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        using var loaded = X509Certificate2.CreateFromPemFile(server.CertPemPath, server.KeyPemPath);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(server.ChainPemPath);

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(server.Certificate.Thumbprint, loaded.Thumbprint);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(server.KeyPemPath));
        Assert.Equal(owner, File.GetUnixFileMode(server.KeyPemPath));
        Assert.Equal([server.Certificate.Thumbprint, _pki.Ca.Thumbprint], chain.Select(c => c.Thumbprint));
        Assert.Equal(_pki.Ca.Thumbprint, X509Certificate2.CreateFromPem(File.ReadAllText(_pki.CaPemPath)).Thumbprint);
        Assert.Throws<IOException>(() => _pki.IssueServer("server", "127.0.0.1"));
    }

    private TestCertificate Faulty(string fault) => fault switch
    {
        "self-signed" => _pki.SelfSigned(fault, "127.0.0.1"),
        "expired" => _pki.Expired(fault, "127.0.0.1"),
        "wrong-name" => _pki.WrongName(),
        "other-ca" => TestPki.Create(Path.Combine(_directory.FullName, "other")).IssueServer(fault, "127.0.0.1"),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };

    private static X509SubjectAlternativeNameExtension SubjectAlternativeNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

    // Serves one handshake on loopback; the client's failure, if any, is what the test sees.
    private static async Task HandshakeAsync(TestCertificate served, SslClientAuthenticationOptions client)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync(cts.Token);
            await using var tls = new SslStream(accepted.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = served.Certificate }, cts.Token);
        });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cts.Token);
        await using var stream = new SslStream(tcp.GetStream());
        try
        {
            await stream.AuthenticateAsClientAsync(client, cts.Token);
        }
        finally
        {
            tcp.Close();
            // The server fails too when the client refuses; only the client's verdict matters here.
            await serving.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
