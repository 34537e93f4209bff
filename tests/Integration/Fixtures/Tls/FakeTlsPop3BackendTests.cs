using System.Net.Security;
using System.Net.Sockets;
using ActorMailProxy.Integration.Fakes;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>Proves the scripted POP3 fake with raw clients: what arrives in which segment, and what it records before and after TLS.</summary>
public sealed class FakeTlsPop3BackendTests : IDisposable
{
    private const string Injected = "+OK injected before the handshake\r\n";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actormailproxy-pki-");
    private readonly TestPki _pki;
    private readonly TestCertificate _certificate;

    public FakeTlsPop3BackendTests()
    {
        _pki = TestPki.Create(_directory.FullName);
        _certificate = _pki.IssueServer("fake", "127.0.0.1", "localhost");
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Capa_lists_STLS_and_extra_bytes_come_in_the_same_receive_as_its_OK_then_tls_takes_any_user_and_pass()
    {
        await using var fake = new FakeTlsPop3Backend(_certificate.Certificate, extraAfterStlsOk: Injected);
        using var socket = await SocketReads.ConnectAsync(fake.Port);
        Assert.Equal(FakeTlsPop3Backend.DefaultGreeting + "\r\n", await SocketReads.ReceiveUntilAsync(socket, "\r\n"));
        await SocketReads.SendAsync(socket, "CAPA\r\n");
        Assert.Equal("+OK\r\nSTLS\r\n.\r\n", await SocketReads.ReceiveUntilAsync(socket, "\r\n.\r\n"));
        var segmentsBefore = SocketReads.DataSegmentsReceived(socket);
        await SocketReads.SendAsync(socket, "STLS\r\n");

        Assert.Equal($"{FakeTlsPop3Backend.StlsOk}\r\n{Injected}", await SocketReads.ReceiveOnceAsync(socket));
        Assert.Equal(segmentsBefore + 1, SocketReads.DataSegmentsReceived(socket));

        await using var tls = new SslStream(new NetworkStream(socket));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = _pki.ChainPolicy() });
        await tls.WriteAsync("CAPA\r\nUSER anyone\r\nPASS any thing\r\nQUIT\r\n"u8.ToArray());
        using var reader = new StreamReader(tls);
        var lines = new List<string>();
        while (lines is not [.., var last] || !last.Contains("signing off", StringComparison.Ordinal))
            lines.Add(await reader.ReadLineAsync() ?? throw new EndOfStreamException(string.Join(" | ", lines)));

        Assert.Equal(["+OK", "USER", ".", "+OK send PASS", "+OK logged in", "+OK fake POP3 signing off"], lines);
        Assert.Equal(["CAPA", "STLS"], fake.ReceivedPlaintext);
        Assert.Equal(["CAPA", "USER anyone", "PASS any thing", "QUIT"], fake.ReceivedEncrypted);
        Assert.Equal(1, fake.Connections);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(Injected, false)]
    public async Task Raw_client_upgrades_only_when_nothing_followed_the_OK(string extra, bool upgrades)
    {
        await using var fake = new FakeTlsPop3Backend(_certificate.Certificate, extraAfterStlsOk: extra);
        await using var client = await RawLineClient.ConnectAsync(DovecotInstance.LoopbackHost, fake.Port);
        await client.ReadLineAsync();
        await client.SendAsync("STLS\r\n");
        Assert.Equal(FakeTlsPop3Backend.StlsOk, await client.ReadLineAsync());

        var upgrade = client.StartTlsAsync("127.0.0.1", _pki.ValidateServerCertificate);

        if (!upgrades)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => upgrade);
            return;
        }
        await upgrade;
        await client.SendAsync("NOOP\r\n");
        Assert.Equal("+OK", await client.ReadLineAsync());
        Assert.Equal(["NOOP"], fake.ReceivedEncrypted);
    }

    [Fact]
    public async Task Logins_before_tls_are_refused_and_recorded_as_plaintext()
    {
        await using var fake = new FakeTlsPop3Backend(_certificate.Certificate, greeting: "+OK custom greeting");
        await using var client = await RawLineClient.ConnectAsync(DovecotInstance.LoopbackHost, fake.Port);

        Assert.Equal("+OK custom greeting", await client.ReadLineAsync());
        await client.SendAsync("USER someone\r\nPASS secret\r\nQUIT\r\n");

        Assert.Equal("-ERR STLS first", await client.ReadLineAsync());
        Assert.Equal("-ERR STLS first", await client.ReadLineAsync());
        Assert.Equal("+OK fake POP3 signing off", await client.ReadLineAsync());
        Assert.True(await client.ServerClosedAsync());
        Assert.Equal(["USER someone", "PASS secret", "QUIT"], fake.ReceivedPlaintext);
        Assert.Empty(fake.ReceivedEncrypted);
    }
}
