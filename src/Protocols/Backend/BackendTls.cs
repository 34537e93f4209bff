namespace ActorMailProxy.Protocols.Backend;

/// <summary>Whether the dialogue upgrades the backend connection with STARTTLS/STLS (perdition's tls_outgoing[_force]).</summary>
public enum BackendTls
{
    /// <summary>No upgrade: the connection is plaintext, or TLS from its first byte.</summary>
    None,

    /// <summary>Upgrade when the backend offers it, else log in without.</summary>
    StartTlsIfOffered,

    /// <summary>Upgrade, or give up before any credential is sent.</summary>
    StartTlsRequired,
}
