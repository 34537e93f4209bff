using System.Net.Security;
using System.Security.Authentication;
using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Tls;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Tls;

/// <summary>TLS per listener in one process, and the version and cipher options really applied to the handshake.</summary>
[Collection(TlsBackendCollection.Name)]
public sealed class TlsListenerTests(TlsBackendFixture tls)
{
    private static readonly MailUser Tess = TlsBackendFixture.Tess;

    [Fact]
    public async Task One_process_serves_plaintext_starttls_and_implicit_tls_listeners_side_by_side()
    {
        var cert = tls.Pki.IssueServer($"proxy-{Guid.NewGuid():N}", "127.0.0.1");
        var ports = LoopbackPorts.Take(2);
        await using var proxy = await RunningProxy.StartRawAsync(["-P", "IMAP4,IMAP4S", "-l", $"{ports[0]},{ports[1]}", "-b", "127.0.0.1",
            "-M", "", "-s", "127.0.0.1", "-p", $"{tls.Backend.ImapPort}", "--ssl_mode", "tls_listen",
            "--ssl_cert_file", cert.CertPemPath, "--ssl_key_file", cert.KeyPemPath]);
        foreach (var (port, how) in new[] { (ports[0], SecureSocketOptions.None), (ports[0], SecureSocketOptions.StartTls), (ports[1], SecureSocketOptions.SslOnConnect) })
        {
            using var client = new ImapClient { ServerCertificateValidationCallback = tls.Pki.ValidateServerCertificate };
            await client.ConnectAsync("127.0.0.1", port, how);
            Assert.Equal(how != SecureSocketOptions.None, client.IsSecure);
            await client.AuthenticateAsync(Tess.Name, Tess.Password);
            await client.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task Listen_version_and_cipher_options_decide_the_handshake()
    {
        var cert = tls.Pki.IssueServer($"proxy-{Guid.NewGuid():N}", "127.0.0.1");
        var port = LoopbackPorts.Take(1)[0];
        await using var proxy = await RunningProxy.StartRawAsync(["-P", "IMAP4S", "-l", $"{port}", "-b", "127.0.0.1",
            "-M", "", "-s", "127.0.0.1", "-p", $"{tls.Backend.ImapPort}", "--ssl_mode", "ssl_listen",
            "--ssl_listen_max_proto_version", "tlsv1.2", "--ssl_listen_ciphers", "ECDHE-ECDSA-AES256-GCM-SHA384",
            "--ssl_cert_file", cert.CertPemPath, "--ssl_key_file", cert.KeyPemPath]);
        using var client = new ImapClient { ServerCertificateValidationCallback = tls.Pki.ValidateServerCertificate };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.SslOnConnect);
        Assert.Equal(SslProtocols.Tls12, client.SslProtocol);
        Assert.Equal(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, client.SslCipherSuite);
    }
}
