using System.Net;

namespace ActorMailProxy.Bench.Clients;

/// <summary>
/// Where a client connects, and the TLS it starts with before the greeting (POP3S, IMAPS); none for plaintext.
/// <paramref name="Source"/> is the client's own address when it must not be 127.0.0.1 (another loopback address,
/// which per-IP limits count apart); null lets the kernel choose.
/// </summary>
public sealed record MailEndpoint(IPEndPoint Address, ClientTls? Tls, IPAddress? Source = null)
{
    public override string ToString() => (Tls is null ? Address.ToString() : $"{Address} (TLS)") + (Source is null ? "" : $" from {Source}");
}
