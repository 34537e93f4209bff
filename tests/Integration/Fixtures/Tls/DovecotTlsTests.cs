using System.Net.Security;
using System.Net.Sockets;
using TlsAuthenticationException = System.Security.Authentication.AuthenticationException;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Fixtures.Sieve;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>Proves the TLS Dovecot with clients that trust only the fixture's test CA and talk to Dovecot directly.</summary>
[Collection(TlsBackendCollection.Name)]
public sealed class DovecotTlsTests(TlsBackendFixture fixture) : IDisposable
{
    private readonly DirectoryInfo _otherPkiDirectory = Directory.CreateTempSubdirectory("actormailproxy-pki-");

    private DovecotInstance Backend => fixture.Backend;

    public void Dispose() => _otherPkiDirectory.Delete(recursive: true);

    [Theory]
    [InlineData("imaps", "* OK ")]
    [InlineData("pop3s", "+OK ")]
    public async Task Implicit_tls_port_serves_the_ca_issued_certificate_for_127_0_0_1_then_greets(string port, string greetingStart)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Backend.Host, PortOf(port));
        await using var tls = new SslStream(tcp.GetStream());

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = fixture.Pki.ChainPolicy() });
        using var reader = new StreamReader(tls);

        Assert.Equal(fixture.ServerCertificate.Certificate.Thumbprint, tls.RemoteCertificate?.GetCertHashString());
        var greeting = await reader.ReadLineAsync();
        Assert.StartsWith(greetingStart, greeting);
        Assert.EndsWith(Backend.Greeting, greeting);
    }

    [Fact]
    public async Task Client_trusting_another_ca_fails_the_handshake_on_every_tls_path()
    {
        var other = TestPki.Create(_otherPkiDirectory.FullName);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Backend.Host, Backend.ImapsPort);
        await using var tls = new SslStream(tcp.GetStream());

        await Assert.ThrowsAsync<TlsAuthenticationException>(() =>
            tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = other.ChainPolicy() }));
        await Assert.ThrowsAsync<SslHandshakeException>(() => LogInImapAsync(Backend.ImapPort, SecureSocketOptions.StartTls, TlsBackendFixture.Theo, other));
        await Assert.ThrowsAsync<SslHandshakeException>(() => LogInPop3Async(Backend.Pop3sPort, SecureSocketOptions.SslOnConnect, TlsBackendFixture.Theo, other));
        await using var sieve = await ManageSieveClient.ConnectAsync(Backend.Host, Backend.SievePort);
        await Assert.ThrowsAsync<TlsAuthenticationException>(() => sieve.StartTlsAsync(other.ValidateServerCertificate));
    }

    [Theory]
    [InlineData(SecureSocketOptions.StartTls)]
    [InlineData(SecureSocketOptions.SslOnConnect)]
    public async Task MailKit_logs_in_over_imap_and_pop3_with_starttls_on_the_plain_ports_and_on_connect_on_the_tls_ports(SecureSocketOptions security)
    {
        var theo = TlsBackendFixture.Theo;
        var onConnect = security == SecureSocketOptions.SslOnConnect;
        using var imap = await LogInImapAsync(onConnect ? Backend.ImapsPort : Backend.ImapPort, security, theo, fixture.Pki);
        using var pop3 = await LogInPop3Async(onConnect ? Backend.Pop3sPort : Backend.Pop3Port, security, theo, fixture.Pki);

        Assert.True(imap.IsSecure && imap.IsAuthenticated);
        Assert.True(pop3.IsSecure && pop3.IsAuthenticated);
    }

    [Fact]
    public async Task Plain_ports_offer_starttls_and_still_take_plaintext_logins()
    {
        var theo = TlsBackendFixture.Theo;
        using var imap = await LogInImapAsync(Backend.ImapPort, SecureSocketOptions.None, theo, fixture.Pki);
        using var pop3 = await LogInPop3Async(Backend.Pop3Port, SecureSocketOptions.None, theo, fixture.Pki);
        await using var sieve = await ManageSieveClient.ConnectAsync(Backend.Host, Backend.SievePort);

        Assert.False(imap.IsSecure || pop3.IsSecure);
        Assert.True(imap.IsAuthenticated && pop3.IsAuthenticated);
        Assert.True(pop3.Capabilities.HasFlag(Pop3Capabilities.StartTLS));
        Assert.True(sieve.Greeting.Value.Entries.ContainsKey("STARTTLS"));
        Assert.True((await sieve.AuthenticatePlainAsync(theo.Name, theo.Password)).IsOk);
    }

    [Fact]
    public async Task ManageSieve_starttls_returns_the_new_capabilities_refuses_a_second_time_then_logs_in_and_stores_a_script_over_tls()
    {
        var theo = TlsBackendFixture.Theo;
        const string script = "keep;\r\n";
        await using var sieve = await ManageSieveClient.ConnectAsync(Backend.Host, Backend.SievePort);

        var capabilities = await sieve.StartTlsAsync(fixture.Pki.ValidateServerCertificate);

        Assert.True(capabilities.Response.IsOk);
        Assert.False(capabilities.Value.Entries.ContainsKey("STARTTLS"), "STARTTLS is offered only before TLS");
        Assert.Contains("PLAIN", capabilities.Value.SaslMechanisms);
        var again = await sieve.StartTlsAsync(fixture.Pki.ValidateServerCertificate);
        Assert.Equal(SieveResponseKind.No, again.Response.Kind);
        Assert.Empty(again.Value.Entries);
        Assert.True((await sieve.AuthenticatePlainAsync(theo.Name, theo.Password)).IsOk);
        Assert.True((await sieve.PutScriptAsync("over tls", script)).IsOk);
        Assert.Equal(script, (await sieve.GetScriptAsync("over tls")).Value);
    }

    [Fact]
    public async Task Large_message_arrives_byte_for_byte_over_imaps_and_over_pop3_after_stls()
    {
        var tess = TlsBackendFixture.Tess;
        using var imap = await LogInImapAsync(Backend.ImapsPort, SecureSocketOptions.SslOnConnect, tess, fixture.Pki);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        await using var viaImap = await imap.Inbox.GetStreamAsync(0);
        using var pop3 = await LogInPop3Async(Backend.Pop3Port, SecureSocketOptions.StartTls, tess, fixture.Pki);
        await using var viaPop3 = await pop3.GetStreamAsync(0);

        Assert.Equal(1, imap.Inbox.Count);
        Assert.Equal(fixture.LargeMessage.Sha256, Convert.ToHexString(await SHA256.HashDataAsync(viaImap)));
        Assert.Equal(fixture.LargeMessage.Sha256, Convert.ToHexString(await SHA256.HashDataAsync(viaPop3)));
    }

    [Fact]
    public async Task Raw_client_upgrades_after_STARTTLS_and_sees_capabilities_without_STARTTLS_then_logs_in()
    {
        var theo = TlsBackendFixture.Theo;
        await using var imap = await RawLineClient.ConnectAsync(Backend.Host, Backend.ImapPort);
        Assert.Contains(" STARTTLS", await imap.ReadLineAsync());
        await imap.SendAsync("a STARTTLS\r\n");
        Assert.StartsWith("a OK", await imap.ReadLineAsync());

        await imap.StartTlsAsync("127.0.0.1", fixture.Pki.ValidateServerCertificate);
        await imap.SendAsync($"b CAPABILITY\r\nc LOGIN {theo.Name} {theo.Password}\r\n");
        var lines = await imap.ReadUntilAsync(line => line.StartsWith("c ", StringComparison.Ordinal));

        Assert.StartsWith("* CAPABILITY ", lines[0]);
        Assert.DoesNotContain("STARTTLS", lines[0]);
        Assert.StartsWith("c OK", lines[^1]);
    }

    [Fact]
    public async Task Raw_client_speaks_pop3_over_the_implicit_tls_port()
    {
        var theo = TlsBackendFixture.Theo;
        await using var pop3 = await RawLineClient.ConnectAsync(Backend.Host, Backend.Pop3sPort);

        await pop3.StartTlsAsync("localhost", fixture.Pki.ValidateServerCertificate);
        Assert.Equal($"+OK {Backend.Greeting}", await pop3.ReadLineAsync());
        await pop3.SendAsync($"USER {theo.Name}\r\nPASS {theo.Password}\r\n");

        Assert.StartsWith("+OK", await pop3.ReadLineAsync());
        Assert.StartsWith("+OK", await pop3.ReadLineAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => pop3.StartTlsAsync("localhost", fixture.Pki.ValidateServerCertificate));
    }

    private int PortOf(string name) => name switch
    {
        "imaps" => Backend.ImapsPort,
        "pop3s" => Backend.Pop3sPort,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    // One PLAIN attempt, and a validation that trusts only the given PKI's CA, whatever the machine's trust store holds.
    private async Task<ImapClient> LogInImapAsync(int port, SecureSocketOptions security, MailUser user, TestPki trusted)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = trusted.ValidateServerCertificate, CheckCertificateRevocation = false };
        try
        {
            await client.ConnectAsync(Backend.Host, port, security);
            await client.AuthenticateAsync(new SaslMechanismPlain(user.Name, user.Password));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<Pop3Client> LogInPop3Async(int port, SecureSocketOptions security, MailUser user, TestPki trusted)
    {
        var client = new Pop3Client { ServerCertificateValidationCallback = trusted.ValidateServerCertificate, CheckCertificateRevocation = false };
        try
        {
            await client.ConnectAsync(Backend.Host, port, security);
            await client.AuthenticateAsync(new SaslMechanismPlain(user.Name, user.Password));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
