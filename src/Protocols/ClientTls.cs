namespace ActorMailProxy.Protocols;

/// <summary>How a listener offers TLS to its clients (perdition's ssl_listen / tls_listen / tls_listen_force).</summary>
public enum ClientTls
{
    /// <summary>Plaintext only; STARTTLS/STLS is not offered.</summary>
    None,

    /// <summary>TLS from the first byte (POP3S, IMAPS).</summary>
    Implicit,

    /// <summary>STARTTLS/STLS offered; logins also allowed without it.</summary>
    StartTls,

    /// <summary>STARTTLS/STLS offered and required before any login.</summary>
    StartTlsRequired,
}

public static class ClientTlsExtensions
{
    /// <summary>STARTTLS/STLS may be asked for now.</summary>
    public static bool OffersStartTls(this ClientTls tls, bool secure) => !secure && tls is ClientTls.StartTls or ClientTls.StartTlsRequired;

    /// <summary>A login is acceptable on this connection now.</summary>
    public static bool AllowsLogin(this ClientTls tls, bool secure) => secure || tls != ClientTls.StartTlsRequired;
}
