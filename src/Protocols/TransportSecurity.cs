namespace ActorMailProxy.Protocols;

/// <summary>perdition's SECURE_STATUS of one leg: implicit TLS, STARTTLS, or none.</summary>
public enum TransportSecurity
{
    Plaintext,
    Ssl,
    StartTls,
}
