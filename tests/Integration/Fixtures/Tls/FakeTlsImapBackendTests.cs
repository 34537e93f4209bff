using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Fakes;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>Proves the scripted IMAP fake with raw clients: what arrives in which segment, and what it records before and after TLS.</summary>
public sealed class FakeTlsImapBackendTests : IDisposable
{
    private const string Injected = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN]\r\n";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actormailproxy-pki-");
    private readonly TestPki _pki;
    private readonly TestCertificate _certificate;

    public FakeTlsImapBackendTests()
    {
        _pki = TestPki.Create(_directory.FullName);
        _certificate = _pki.IssueServer("fake", "127.0.0.1");
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Extra_bytes_come_in_the_same_receive_as_the_STARTTLS_OK_then_tls_answers_capability_and_any_login()
    {
        await using var fake = new FakeTlsImapBackend(_certificate.Certificate, extraAfterStartTlsOk: Injected);
        using var socket = await SocketReads.ConnectAsync(fake.Port);
        Assert.Equal(FakeTlsImapBackend.DefaultGreeting + "\r\n", await SocketReads.ReceiveUntilAsync(socket, "\r\n"));
        var segmentsBefore = SocketReads.DataSegmentsReceived(socket);
        await SocketReads.SendAsync(socket, "a STARTTLS\r\n");

        Assert.Equal($"a {FakeTlsImapBackend.StartTlsOk}\r\n{Injected}", await SocketReads.ReceiveOnceAsync(socket));
        Assert.Equal(segmentsBefore + 1, SocketReads.DataSegmentsReceived(socket));

        await using var tls = new SslStream(new NetworkStream(socket));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = _pki.ChainPolicy() });
        await tls.WriteAsync("b CAPABILITY\r\nc LOGIN anyone \"any thing\"\r\nd LOGOUT\r\n"u8.ToArray());
        using var reader = new StreamReader(tls);
        var lines = new List<string>();
        while (lines is not [.., var last] || !last.StartsWith("d ", StringComparison.Ordinal))
            lines.Add(await reader.ReadLineAsync() ?? throw new EndOfStreamException(string.Join(" | ", lines)));

        Assert.Equal(
            ["* CAPABILITY IMAP4rev1 AUTH=PLAIN", "b OK CAPABILITY completed", "c OK [CAPABILITY IMAP4rev1] Logged in", "* BYE fake IMAP logging out", "d OK LOGOUT completed"],
            lines);
        Assert.Equal(["a STARTTLS"], fake.ReceivedPlaintext);
        Assert.Equal(["b CAPABILITY", "c LOGIN anyone \"any thing\"", "d LOGOUT"], fake.ReceivedEncrypted);
        Assert.Equal(1, fake.Connections);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(Injected, false)]
    public async Task Raw_client_upgrades_only_when_nothing_followed_the_OK(string extra, bool upgrades)
    {
        await using var fake = new FakeTlsImapBackend(_certificate.Certificate, extraAfterStartTlsOk: extra);
        await using var client = await RawLineClient.ConnectAsync(DovecotInstance.LoopbackHost, fake.Port);
        await client.ReadLineAsync();
        await client.SendAsync("a STARTTLS\r\n");
        Assert.Equal($"a {FakeTlsImapBackend.StartTlsOk}", await client.ReadLineAsync());

        var upgrade = client.StartTlsAsync("127.0.0.1", _pki.ValidateServerCertificate);

        if (!upgrades)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => upgrade);
            return;
        }
        await upgrade;
        await client.SendAsync("b NOOP\r\n");
        Assert.Equal("b OK NOOP completed", await client.ReadLineAsync());
        Assert.Equal(["b NOOP"], fake.ReceivedEncrypted);
    }

    [Fact]
    public async Task Preauth_greeting_is_sent_as_given_and_commands_before_tls_are_refused_and_recorded()
    {
        const string preauth = "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] fake";
        await using var fake = new FakeTlsImapBackend(_certificate.Certificate, greeting: preauth);
        await using var client = await RawLineClient.ConnectAsync(DovecotInstance.LoopbackHost, fake.Port);

        Assert.Equal(preauth, await client.ReadLineAsync());
        await client.SendAsync("a CAPABILITY\r\nb LOGIN user secret\r\nc SELECT INBOX\r\nd LOGOUT\r\n");
        var lines = await client.ReadUntilAsync(line => line.StartsWith("d ", StringComparison.Ordinal));

        Assert.Contains("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN", lines);
        Assert.Contains("b NO [PRIVACYREQUIRED] STARTTLS first", lines);
        Assert.Contains("c NO [PRIVACYREQUIRED] STARTTLS first", lines);
        Assert.Equal(["a CAPABILITY", "b LOGIN user secret", "c SELECT INBOX", "d LOGOUT"], fake.ReceivedPlaintext);
        Assert.Empty(fake.ReceivedEncrypted);
    }

    [Fact]
    public async Task Refused_handshake_ends_only_that_connection_and_the_next_one_is_served()
    {
        await using var fake = new FakeTlsImapBackend(_pki.SelfSigned("self", "127.0.0.1").Certificate);
        await using (var refusing = await StartTlsClientAsync(fake.Port))
            await Assert.ThrowsAsync<AuthenticationException>(() => refusing.StartTlsAsync("127.0.0.1", _pki.ValidateServerCertificate));
        await using var accepting = await StartTlsClientAsync(fake.Port);

        await accepting.StartTlsAsync("127.0.0.1", (_, _, _, _) => true);
        await accepting.SendAsync("b NOOP\r\n");

        Assert.Equal("b OK NOOP completed", await accepting.ReadLineAsync());
        Assert.Equal(2, fake.Connections);
        Assert.Equal(["a STARTTLS", "a STARTTLS"], fake.ReceivedPlaintext);
        Assert.Equal(["b NOOP"], fake.ReceivedEncrypted);
    }

    private static async Task<RawLineClient> StartTlsClientAsync(int port)
    {
        var client = await RawLineClient.ConnectAsync(DovecotInstance.LoopbackHost, port);
        await client.ReadLineAsync();
        await client.SendAsync("a STARTTLS\r\n");
        await client.ReadLineAsync();
        return client;
    }
}
