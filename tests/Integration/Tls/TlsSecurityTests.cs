using System.Net.Sockets;
using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Tls;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Integration.Fakes;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Tls;

/// <summary>What TLS must guarantee: no plaintext login where TLS is forced, no command injection either way, no credentials to an unverified backend.</summary>
[Collection(TlsBackendCollection.Name)]
public sealed class TlsSecurityTests(TlsBackendFixture tls)
{
    private static readonly MailUser Tess = TlsBackendFixture.Tess;

    private TestCertificate ProxyCertificate() => tls.Pki.IssueServer($"proxy-{Guid.NewGuid():N}", "127.0.0.1");

    private Task<RunningProxy> ProxyAsync(string mode, int backendPort, params string[] more) => ProxyAsync(mode, $"127.0.0.1:{backendPort}", more);

    private Task<RunningProxy> ProxyAsync(string mode, string backend, params string[] more)
    {
        var cert = ProxyCertificate();
        return RunningProxy.StartAsync(["-M", "", "-s", backend, "--ssl_mode", mode,
            "--ssl_cert_file", cert.CertPemPath, "--ssl_key_file", cert.KeyPemPath, "--ssl_ca_file", tls.Pki.CaPemPath, .. more]);
    }

    [Fact]
    public async Task Tls_listen_force_refuses_plaintext_logins_until_starttls()
    {
        await using var proxy = await ProxyAsync("tls_listen_force", "127.0.0.1", "-p", $"{tls.Backend.Pop3Port},{tls.Backend.ImapPort},{tls.Backend.SievePort}");
        await using var imap = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        Assert.Contains("STARTTLS LOGINDISABLED", await imap.ReadLineAsync());
        await imap.SendAsync($"a LOGIN {Tess.Name} {Tess.Password}\r\n");
        Assert.StartsWith("a NO [PRIVACYREQUIRED]", await imap.ReadLineAsync());
        await imap.SendAsync("b STARTTLS\r\n");
        Assert.StartsWith("b OK", await imap.ReadLineAsync());
        await imap.StartTlsAsync("127.0.0.1", tls.Pki.ValidateServerCertificate);
        await imap.SendAsync("c CAPABILITY\r\n");
        Assert.DoesNotContain("LOGINDISABLED", await imap.ReadLineAsync());
        await imap.ReadLineAsync();
        await imap.SendAsync($"d LOGIN {Tess.Name} {Tess.Password}\r\n");
        Assert.StartsWith("d OK", await imap.ReadLineAsync());

        await using var pop = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await pop.ReadLineAsync();
        await pop.SendAsync($"USER {Tess.Name}\r\n");
        Assert.StartsWith("-ERR", await pop.ReadLineAsync());
        await pop.SendAsync("STLS\r\n");
        Assert.StartsWith("+OK", await pop.ReadLineAsync());
        await pop.StartTlsAsync("127.0.0.1", tls.Pki.ValidateServerCertificate);
        await pop.SendAsync($"USER {Tess.Name}\r\nPASS {Tess.Password}\r\n");
        await pop.ReadLineAsync();
        Assert.StartsWith("+OK", await pop.ReadLineAsync());

        using var mailkit = new ImapClient { ServerCertificateValidationCallback = tls.Pki.ValidateServerCertificate };
        await mailkit.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.StartTls);
        await mailkit.AuthenticateAsync(Tess.Name, Tess.Password);
        Assert.True(mailkit.IsSecure);
    }

    [Fact]
    public async Task Command_pipelined_behind_starttls_never_runs()
    {
        await using var backend = new RecordingBackend();
        await using var proxy = await ProxyAsync("tls_listen", backend.Port);
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync("a STARTTLS\r\nb LOGIN u p\r\n");
        Assert.Equal("a BAD Data after STARTTLS", await c.ReadLineAsync());
        Assert.True(await c.ServerClosedAsync());
        Assert.Equal(0, backend.Connections);
    }

    [Fact]
    public async Task Plaintext_the_backend_sends_behind_its_starttls_ok_is_discarded()
    {
        var backendCertificate = tls.Pki.IssueServer($"fake-{Guid.NewGuid():N}", "127.0.0.1");
        await using var backend = new FakeTlsImapBackend(backendCertificate.Certificate,
            greeting: "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] fake IMAP ready",
            extraAfterStartTlsOk: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n");
        await using var proxy = await ProxyAsync("tls_outgoing_force", backend.Port);
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync("a LOGIN u p\r\n");
        Assert.StartsWith("a OK", (await c.ReadUntilAsync(l => l.StartsWith("a ", StringComparison.Ordinal)))[^1]);
        Assert.Equal(["amp1 STARTTLS"], backend.ReceivedPlaintext);
        Assert.Equal("amp2 CAPABILITY", backend.ReceivedEncrypted[0]);
        Assert.StartsWith("amp3 ", backend.ReceivedEncrypted[1]);
        Assert.Contains("server-secure=starttls status=\"ok\"", await proxy.WaitForLogAsync("status="));
    }

    [Fact]
    public async Task Preauth_backend_gets_no_credentials_when_tls_is_required()
    {
        await using var backend = new FakeTlsImapBackend(tls.ServerCertificate.Certificate, greeting: "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] come in, whoever you are");
        await using var proxy = await ProxyAsync("tls_outgoing_force", backend.Port);
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync($"a LOGIN {Tess.Name} {Tess.Password}\r\n");
        Assert.StartsWith("a NO [UNAVAILABLE]", await c.ReadLineAsync());
        Assert.Empty(backend.ReceivedPlaintext);
        Assert.Empty(backend.ReceivedEncrypted);
        Assert.Equal(1, backend.Connections);
    }

    [Theory]
    [InlineData("wrong-name", "--ssl_no_cn_verify")]
    [InlineData("self-signed", "--ssl_cert_accept_self_signed")]
    [InlineData("expired", "--ssl_cert_accept_expired")]
    public async Task Backend_certificate_faults_are_refused_unless_the_matching_option_allows_them(string fault, string option)
    {
        var certificate = fault switch
        {
            "wrong-name" => tls.Pki.WrongName(),
            "self-signed" => tls.Pki.SelfSigned($"self-{Guid.NewGuid():N}", "127.0.0.1"),
            _ => tls.Pki.Expired($"old-{Guid.NewGuid():N}", "127.0.0.1"),
        };
        await using var backend = new FakeTlsImapBackend(certificate.Certificate);
        await using (var strict = await ProxyAsync("tls_outgoing_force", backend.Port))
        {
            await using var c = await RawLineClient.ConnectAsync(strict.Host, strict.ImapPort);
            await c.ReadLineAsync();
            await c.SendAsync("a LOGIN u p\r\n");
            Assert.StartsWith("a NO [UNAVAILABLE]", await c.ReadLineAsync());
            Assert.Empty(backend.ReceivedEncrypted);
        }
        await using var relaxed = await ProxyAsync("tls_outgoing_force", backend.Port, option);
        await using var d = await RawLineClient.ConnectAsync(relaxed.Host, relaxed.ImapPort);
        await d.ReadLineAsync();
        await d.SendAsync("a LOGIN u p\r\n");
        Assert.StartsWith("a OK", (await d.ReadUntilAsync(l => l.StartsWith("a ", StringComparison.Ordinal)))[^1]);
    }

    [Fact]
    public async Task Half_a_client_hello_is_dropped_at_the_handshake_timeout()
    {
        var cert = ProxyCertificate();
        var port = LoopbackPorts.Take(1)[0];
        await using var proxy = await RunningProxy.With("mailproxy.timeouts.tls-handshake = 1s").StartRawAsync(
            ["-P", "IMAP4S", "-l", port.ToString(), "-b", "127.0.0.1", "-M", "", "-s", "127.0.0.1:1",
             "--ssl_cert_file", cert.CertPemPath, "--ssl_key_file", cert.KeyPemPath]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        // A TLS record header announcing a 512-byte ClientHello, then only its first bytes.
        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03 });
        var buffer = new byte[64];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        Assert.Equal(0, read);
        // The lease goes just after the socket closes: on a busy machine the client can see the close first.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (proxy.OpenConnections > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(0, proxy.OpenConnections);
    }
}
