using System.Security.Cryptography.X509Certificates;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Fixtures.Tls;
using ActorMailProxy.Integration.Executable;

namespace ActorMailProxy.Integration.Tls;

/// <summary>SIGHUP re-reads the certificate: new handshakes get the new one, sessions already up go on.</summary>
[Collection(TlsBackendCollection.Name)]
public sealed class CertificateReloadTests(TlsBackendFixture tls)
{
    private static readonly MailUser Tess = TlsBackendFixture.Tess;

    [Fact]
    public async Task Sighup_swaps_the_certificate_without_dropping_sessions()
    {
        var dir = Directory.CreateTempSubdirectory("amp-reload-").FullName;
        var (certPath, keyPath) = (Path.Combine(dir, "proxy.crt.pem"), Path.Combine(dir, "proxy.key.pem"));
        var first = tls.Pki.IssueServer($"first-{Guid.NewGuid():N}", "127.0.0.1");
        var second = tls.Pki.IssueServer($"second-{Guid.NewGuid():N}", "127.0.0.1");
        File.Copy(first.CertPemPath, certPath);
        File.Copy(first.KeyPemPath, keyPath);
        var port = LoopbackPorts.Take(1)[0];
        await using var proxy = ProxyProcess.StartExecutable("-P", "IMAP4S", "-l", port.ToString(), "-b", "127.0.0.1", "-M", "",
            "-s", "127.0.0.1", "-p", tls.Backend.ImapPort.ToString(), "--ssl_mode", "ssl_listen",
            "--ssl_cert_file", certPath, "--ssl_key_file", keyPath, "-F", "-");
        await proxy.WaitForOutputAsync("ActorMailProxy ready");

        await using var before = await RawLineClient.ConnectAsync("127.0.0.1", port);
        Assert.Equal(first.Certificate.Thumbprint, await HandshakeAsync(before));
        await before.SendAsync($"a LOGIN {Tess.Name} {Tess.Password}\r\n");
        Assert.StartsWith("a OK", await before.ReadLineAsync());

        File.Copy(second.CertPemPath, certPath, overwrite: true);
        File.Copy(second.KeyPemPath, keyPath, overwrite: true);
        proxy.Hangup();
        await proxy.WaitForOutputAsync("SIGHUP");

        await using var after = await RawLineClient.ConnectAsync("127.0.0.1", port);
        Assert.Equal(second.Certificate.Thumbprint, await HandshakeAsync(after));
        await before.SendAsync("b NOOP\r\n");
        Assert.StartsWith("b OK", await before.ReadLineAsync());
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Implicit TLS, then the greeting; returns the thumbprint the proxy served.</summary>
    private async Task<string> HandshakeAsync(RawLineClient client)
    {
        string? served = null;
        await client.StartTlsAsync("127.0.0.1", (sender, certificate, chain, errors) =>
        {
            served = (certificate as X509Certificate2)?.Thumbprint;
            return tls.Pki.ValidateServerCertificate(sender, certificate, chain, errors);
        });
        Assert.StartsWith("* OK", await client.ReadLineAsync());
        return served!;
    }
}
