namespace ActorMailProxy.Gateway.Tls;

/// <summary>perdition's SSL/TLS options (perdition(8)), as read; <see cref="TlsSetup"/> turns them into working objects.</summary>
public sealed record TlsSettings
{
    public SslMode Mode { get; init; }

    /// <summary>--ssl_mode was given: implicit-TLS protocols (POP3S, IMAP4S) then take it as it is instead of ssl_all.</summary>
    public bool ModeGiven { get; init; }

    public string CertFile { get; init; } = "/etc/perdition/perdition.crt.pem";

    public string KeyFile { get; init; } = "/etc/perdition/perdition.key.pem";

    /// <summary>Intermediate CAs sent with our certificate, and trusted for backends (perdition: overrides ca_file/ca_path).</summary>
    public string? CaChainFile { get; init; }

    /// <summary>CAs for backends' certificates, besides the system's; perdition's default file is used only if it exists.</summary>
    public string CaFile { get; init; } = "/etc/perdition/perdition.ca.pem";

    public string CaPath { get; init; } = "/etc/perdition/perdition.ca/";

    public string? PassphraseFile { get; init; }

    public int PassphraseFd { get; init; }

    public bool NoCertVerify { get; init; }

    public bool NoCnVerify { get; init; }

    public bool CaAcceptSelfSigned { get; init; }

    public bool CertAcceptSelfSigned { get; init; }

    public bool CertAcceptExpired { get; init; }

    public bool CertAcceptNotYetValid { get; init; }

    public int CertVerifyDepth { get; init; } = 9;

    /// <summary>Protocol version bounds, perdition's names (tlsv1 … tlsv1.3); "" leaves the system's choice.</summary>
    public string ListenMinVersion { get; init; } = "";

    public string ListenMaxVersion { get; init; } = "";

    public string OutgoingMinVersion { get; init; } = "";

    public string OutgoingMaxVersion { get; init; } = "";

    public string ListenCiphers { get; init; } = "";

    public string OutgoingCiphers { get; init; } = "";

    /// <summary>mailproxy.timeouts.tls-handshake: a client or backend that does not finish its handshake in time is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
