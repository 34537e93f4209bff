using System.Net;

namespace ActorMailProxy.Bench.Clients;

/// <summary>Where a client connects, and the TLS it starts with before the greeting (POP3S, IMAPS); none for plaintext.</summary>
public sealed record MailEndpoint(IPEndPoint Address, ClientTls? Tls)
{
    public override string ToString() => Tls is null ? Address.ToString() : $"{Address} (TLS)";
}
