using System.Net.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Tls;

namespace ActorMailProxy.Bench.Clients;

/// <summary>
/// The bench client's side of TLS, as a careful mail client's: it checks the chain against the bench's test CA
/// (and only that CA) and the name 127.0.0.1, so a measured handshake includes the client's validation too.
/// </summary>
public sealed class ClientTls(TestPki pki)
{
    public const string ServerName = DovecotInstance.LoopbackHost;

    // A fresh policy per handshake: SslStream builds its chain from it, and handshakes run concurrently.
    public SslClientAuthenticationOptions Options() => new() { TargetHost = ServerName, CertificateChainPolicy = pki.ChainPolicy() };
}
