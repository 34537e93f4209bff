namespace ActorMailProxy.Bench.Clients;

/// <summary>
/// What carries a client's session: plaintext, or TLS from the first byte (POP3S, IMAPS). Each has its own targets
/// and its own baseline, as TLS costs every party its handshake and its crypto.
/// </summary>
public enum Transport
{
    Plaintext,
    Tls,
}
