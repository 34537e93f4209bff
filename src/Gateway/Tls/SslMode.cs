namespace ActorMailProxy.Gateway.Tls;

/// <summary>perdition's --ssl_mode, as flags; the short-hands (ssl_all, tls_all, *_force) set several.</summary>
[Flags]
public enum SslMode
{
    None = 0,
    SslListen = 1,
    SslOutgoing = 2,
    TlsListen = 4,
    TlsOutgoing = 8,
    TlsListenForce = 16,
    TlsOutgoingForce = 32,
}

public static class SslModeParser
{
    /// <summary>A comma list of perdition's mode names; null with <paramref name="error"/> for anything else.</summary>
    public static SslMode? Parse(string text, out string? error)
    {
        error = null;
        var mode = SslMode.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            SslMode? one = name.ToLowerInvariant() switch
            {
                "none" => SslMode.None,
                "ssl_listen" => SslMode.SslListen,
                "ssl_outgoing" => SslMode.SslOutgoing,
                "ssl_all" => SslMode.SslListen | SslMode.SslOutgoing,
                "tls_listen" => SslMode.TlsListen,
                "tls_outgoing" => SslMode.TlsOutgoing,
                "tls_all" => SslMode.TlsListen | SslMode.TlsOutgoing,
                "tls_listen_force" => SslMode.TlsListen | SslMode.TlsListenForce,
                "tls_outgoing_force" => SslMode.TlsOutgoing | SslMode.TlsOutgoingForce,
                "tls_all_force" => SslMode.TlsListen | SslMode.TlsListenForce | SslMode.TlsOutgoing | SslMode.TlsOutgoingForce,
                _ => null,
            };
            if (one is null)
            {
                error = $"'{name}' is not a mode; expected none, ssl_listen, ssl_outgoing, ssl_all, tls_listen, tls_outgoing, tls_all, tls_listen_force, tls_outgoing_force or tls_all_force";
                return null;
            }
            mode |= one.Value;
        }
        return mode;
    }
}
