using ActorMailProxy.Gateway.Tls;

namespace ActorMailProxy.Gateway.Options;

public static partial class OptionTable
{
    /// <summary>perdition's SSL/TLS options; where .NET cannot do what one asks, it is refused at start-up, not ignored.</summary>
    private static IEnumerable<OptionSpec> Tls() =>
    [
        OptionSpec.Value(null, "ssl_mode", "MODE[,MODE...]", "none, ssl_listen, ssl_outgoing, ssl_all, tls_listen, tls_outgoing, tls_all, tls_listen_force, tls_outgoing_force, tls_all_force",
            (b, v) => SslModeParser.Parse(v, out var error) is { } mode ? Set(() => b.Tls = b.Tls with { Mode = mode, ModeGiven = true }) : error),
        File("ssl_cert_file", "our certificate (PEM)", (t, v) => t with { CertFile = v }),
        File("ssl_key_file", "its private key (PEM)", (t, v) => t with { KeyFile = v }),
        File("ssl_ca_chain_file", "CA chain sent with our certificate, also trusted for backends", (t, v) => t with { CaChainFile = v.Length == 0 ? null : v }),
        File("ssl_ca_file", "CAs trusted for backends' certificates, besides the system's", (t, v) => t with { CaFile = v }),
        File("ssl_ca_path", "directory of CAs trusted for backends' certificates", (t, v) => t with { CaPath = v }),
        File("ssl_passphrase_file", "file whose first line unlocks an encrypted key", (t, v) => t with { PassphraseFile = v.Length == 0 ? null : v }),
        OptionSpec.Value(null, "ssl_passphrase_fd", "N", "descriptor whose first line unlocks an encrypted key",
            (b, v) => OptionValues.Int(v, 0, n => b.Tls = b.Tls with { PassphraseFd = n })),
        OptionSpec.Value(null, "ssl_cert_verify_depth", "DEPTH", "longest backend certificate chain accepted (default 9)",
            (b, v) => OptionValues.Int(v, 0, n => b.Tls = b.Tls with { CertVerifyDepth = n })),
        Flag("ssl_no_cert_verify", "accept any backend certificate (no verification at all)", t => t with { NoCertVerify = true }),
        Flag("ssl_no_cn_verify", "accept a backend certificate for another name", t => t with { NoCnVerify = true }),
        Flag("ssl_ca_accept_self_signed", "accept backend chains ending in an untrusted self-signed CA", t => t with { CaAcceptSelfSigned = true }),
        Flag("ssl_cert_accept_self_signed", "accept a self-signed backend certificate", t => t with { CertAcceptSelfSigned = true }),
        Flag("ssl_cert_accept_expired", "accept expired backend certificates", t => t with { CertAcceptExpired = true }),
        Flag("ssl_cert_accept_not_yet_valid", "accept backend certificates not yet valid", t => t with { CertAcceptNotYetValid = true }),
        Version("ssl_listen_min_proto_version", (t, v) => t with { ListenMinVersion = v }),
        Version("ssl_listen_max_proto_version", (t, v) => t with { ListenMaxVersion = v }),
        Version("ssl_outgoing_min_proto_version", (t, v) => t with { OutgoingMinVersion = v }),
        Version("ssl_outgoing_max_proto_version", (t, v) => t with { OutgoingMaxVersion = v }),
        Ciphers("ssl_listen_ciphers", (t, v) => t with { ListenCiphers = v }),
        Ciphers("ssl_outgoing_ciphers", (t, v) => t with { OutgoingCiphers = v }),
        OptionSpec.Ignored(null, "ssl_dh_params_file", "FILE", "ephemeral (EC)DHE key exchange needs no parameter file"),
        OptionSpec.Ignored(null, "ssl_no_client_cert_verify", null, "client certificates are not asked for"),
        OptionSpec.Ignored(null, "ssl_listen_compression", null, "TLS compression stays off (CRIME)"),
        OptionSpec.Ignored(null, "ssl_outgoing_compression", null, "TLS compression stays off (CRIME)"),
        OptionSpec.Ignored(null, "ssl_no_cipher_server_preference", null, "the TLS library's preference order is kept"),
    ];

    private static OptionSpec File(string name, string help, Func<TlsSettings, string, TlsSettings> set) =>
        OptionSpec.Value(null, name, "FILE", help, (b, v) => Set(() => b.Tls = set(b.Tls, v)));

    private static OptionSpec Flag(string name, string help, Func<TlsSettings, TlsSettings> set) =>
        OptionSpec.Flag(null, name, help, b => b.Tls = set(b.Tls));

    private static OptionSpec Version(string name, Func<TlsSettings, string, TlsSettings> set) =>
        OptionSpec.Value(null, name, "VERSION", "sslv3, tlsv1, tlsv1.1, tlsv1.2 or tlsv1.3; \"\" for the system's choice",
            (b, v) => TlsVersions.IsKnown(v) ? Set(() => b.Tls = set(b.Tls, v.ToLowerInvariant())) : $"'{v}' is not one of sslv3, tlsv1, tlsv1.1, tlsv1.2, tlsv1.3");

    private static OptionSpec Ciphers(string name, Func<TlsSettings, string, TlsSettings> set) =>
        OptionSpec.Value(null, name, "CIPHER[:CIPHER...]", "cipher suites by name; \"\" for the TLS library's default",
            (b, v) => CipherSuiteNames.Parse(v, out var error) is null ? error : Set(() => b.Tls = set(b.Tls, v)));
}
