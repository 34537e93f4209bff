using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Tls;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Sieve;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Tls;

/// <summary>
/// Every way a client can bring TLS (POP3S, IMAPS, STLS, STARTTLS, ManageSieve STARTTLS) with every way to reach the
/// backend (plaintext, implicit TLS, STARTTLS): log in, fetch the 10 MiB message intact (or a Sieve script), log out.
/// </summary>
[Collection(TlsBackendCollection.Name)]
public sealed class TlsMatrixTests(TlsBackendFixture tls)
{
    public static TheoryData<string, string> Combinations()
    {
        var data = new TheoryData<string, string>();
        foreach (var client in new[] { "POP3S", "IMAPS", "POP3+STLS", "IMAP4+STARTTLS", "MANAGESIEVE+STARTTLS" })
        {
            foreach (var backend in new[] { "plaintext", "implicit", "starttls" })
            {
                // Dovecot's ManageSieve has no implicit-TLS port (RFC 5804 knows only STARTTLS).
                if (!(client.StartsWith("MANAGESIEVE", StringComparison.Ordinal) && backend == "implicit"))
                {
                    data.Add(client, backend);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Login_retrieve_and_logout_work_with_tls_on_both_legs(string client, string backend)
    {
        var proxyCertificate = tls.Pki.IssueServer($"proxy-{Guid.NewGuid():N}", "127.0.0.1");
        var protocol = client.Split('+')[0];
        var listen = client.Contains('+') ? "tls_listen" : "ssl_listen";
        var outgoing = backend switch { "implicit" => ",ssl_outgoing", "starttls" => ",tls_outgoing_force", _ => "" };
        var port = (protocol, backend) switch
        {
            ("POP3S" or "POP3", "implicit") => tls.Backend.Pop3sPort,
            ("POP3S" or "POP3", _) => tls.Backend.Pop3Port,
            ("IMAPS" or "IMAP4", "implicit") => tls.Backend.ImapsPort,
            ("IMAPS" or "IMAP4", _) => tls.Backend.ImapPort,
            _ => tls.Backend.SievePort,
        };
        var listenPort = LoopbackPorts.Take(1)[0];
        await using var proxy = await RunningProxy.StartRawAsync([
            "-P", protocol == "IMAPS" ? "IMAP4S" : protocol, "-l", listenPort.ToString(), "-b", "127.0.0.1",
            "-M", "", "-s", "127.0.0.1", "-p", port.ToString(), "--ssl_mode", listen + outgoing,
            "--ssl_cert_file", proxyCertificate.CertPemPath, "--ssl_key_file", proxyCertificate.KeyPemPath, "--ssl_ca_file", tls.Pki.CaPemPath]);

        var user = protocol == "MANAGESIEVE" ? TlsBackendFixture.Theo : TlsBackendFixture.Tess;
        switch (protocol)
        {
            case "POP3S" or "POP3":
                Assert.Equal(tls.LargeMessage.Sha256, await Pop3HashAsync(listenPort, client.Contains('+') ? SecureSocketOptions.StartTls : SecureSocketOptions.SslOnConnect));
                break;
            case "IMAPS" or "IMAP4":
                Assert.Equal(tls.LargeMessage.Sha256, await ImapHashAsync(listenPort, client.Contains('+') ? SecureSocketOptions.StartTls : SecureSocketOptions.SslOnConnect));
                break;
            default:
                await SieveRoundTripAsync(listenPort);
                break;
        }

        var clientSecure = client.Contains('+') ? "starttls" : "ssl";
        var serverSecure = backend switch { "implicit" => "ssl", "starttls" => "starttls", _ => "plaintext" };
        Assert.Contains($"client-secure={clientSecure} authorisation_id=NONE authentication_id=\"{user.Name}\"", await proxy.WaitForLogAsync("status=\"ok\""));
        Assert.Contains($"server-secure={serverSecure} status=\"ok\"", proxy.LogText());
    }

    private async Task<string> Pop3HashAsync(int port, SecureSocketOptions how)
    {
        using var client = new Pop3Client { ServerCertificateValidationCallback = tls.Pki.ValidateServerCertificate };
        await client.ConnectAsync("127.0.0.1", port, how);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(TlsBackendFixture.Tess.Name, TlsBackendFixture.Tess.Password);
        await using var stream = await client.GetStreamAsync(0);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream));
        await client.DisconnectAsync(true);
        return hash;
    }

    private async Task<string> ImapHashAsync(int port, SecureSocketOptions how)
    {
        using var client = new ImapClient { ServerCertificateValidationCallback = tls.Pki.ValidateServerCertificate };
        await client.ConnectAsync("127.0.0.1", port, how);
        await client.AuthenticateAsync(TlsBackendFixture.Tess.Name, TlsBackendFixture.Tess.Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        await using var stream = await client.Inbox.GetStreamAsync(0);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream));
        await client.DisconnectAsync(true);
        return hash;
    }

    private async Task SieveRoundTripAsync(int port)
    {
        await using var client = await ManageSieveClient.ConnectAsync("127.0.0.1", port);
        var afterTls = await client.StartTlsAsync(tls.Pki.ValidateServerCertificate);
        Assert.Contains("PLAIN", afterTls.Value!.SaslMechanisms);
        Assert.Equal(SieveResponseKind.Ok, (await client.AuthenticatePlainAsync(TlsBackendFixture.Theo.Name, TlsBackendFixture.Theo.Password, SaslInitialResponse.QuotedString)).Kind);
        const string script = "require \"fileinto\";\nkeep;\n";
        Assert.Equal(SieveResponseKind.Ok, (await client.PutScriptAsync("over-tls", script)).Kind);
        Assert.Equal(script, (await client.GetScriptAsync("over-tls")).Value);
        await client.LogoutAsync();
    }
}
