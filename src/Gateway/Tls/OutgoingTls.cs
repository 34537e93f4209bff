namespace ActorMailProxy.Gateway.Tls;

/// <summary>How a listener's connections reach the backend: plaintext, TLS from the first byte, or upgraded by STARTTLS/STLS.</summary>
public enum OutgoingTls
{
    None,
    Implicit,
    StartTls,
    StartTlsRequired,
}
