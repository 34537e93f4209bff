namespace ActorMailProxy.Bench.Targets;

/// <summary>Which legs of a proxied session are TLS, named as perdition's --ssl_mode names them.</summary>
public enum ProxyTlsMode
{
    /// <summary>Plaintext both ways: the logged-in session can be spliced in the kernel.</summary>
    None,

    /// <summary>TLS from the client, TLS again to the backend's pop3s/imaps: terminated and re-originated, as deployed.</summary>
    SslAll,

    /// <summary>TLS from the client, plaintext to the backend: one TLS leg, as nginx's mail proxy offers.</summary>
    SslListen,
}
