using System.Net.Security;
using System.Security.Authentication;
using ActorMailProxy.Protocols;
using ActorMailProxy.Protocols.Backend;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>
/// The node's TLS, built once from the options: our certificate (only when a listener offers TLS), the protocol
/// versions and cipher suites of each side, and the policy for backends' certificates. Everything wrong with it
/// is found here, at start-up, and reported as a <see cref="TlsSetupException"/>.
/// </summary>
public sealed class TlsSetup
{
    private readonly SslProtocols _listenVersions;
    private readonly SslProtocols _outgoingVersions;
    private readonly CipherSuitesPolicy? _listenCiphers;
    private readonly CipherSuitesPolicy? _outgoingCiphers;
    private readonly BackendCertificatePolicy _backendPolicy;

    private TlsSetup(TlsSettings settings, ServerCertificate? server)
    {
        Server = server;
        HandshakeTimeout = settings.HandshakeTimeout;
        _listenVersions = TlsVersions.Range(settings.ListenMinVersion, settings.ListenMaxVersion);
        _outgoingVersions = TlsVersions.Range(settings.OutgoingMinVersion, settings.OutgoingMaxVersion);
        _listenCiphers = Ciphers(settings.ListenCiphers, "--ssl_listen_ciphers");
        _outgoingCiphers = Ciphers(settings.OutgoingCiphers, "--ssl_outgoing_ciphers");
        _backendPolicy = BackendCertificatePolicy.From(settings);
    }

    public ServerCertificate? Server { get; }

    public TimeSpan HandshakeTimeout { get; }

    /// <param name="listenerTls">What each listener offers its clients: our certificate is read only when one of them offers TLS.</param>
    public static TlsSetup Create(TlsSettings settings, IEnumerable<ClientTls> listenerTls)
    {
        var needsCertificate = listenerTls.Any(t => t != ClientTls.None);
        try
        {
            return new TlsSetup(settings, needsCertificate ? new ServerCertificate(settings) : null);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsSetupException($"cannot read the CA certificates for backends: {e.Message}");
        }
    }

    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = (Server ?? throw new InvalidOperationException("no listener was set up for TLS")).Current,
        EnabledSslProtocols = _listenVersions,
        CipherSuitesPolicy = _listenCiphers,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
    };

    /// <summary>For a connection to <paramref name="host"/>; <paramref name="rejected"/> hears why a certificate was refused.</summary>
    public SslClientAuthenticationOptions ClientOptions(string host, Action<string> rejected) => new()
    {
        // .NET sends no SNI for an address literal (RFC 6066), but checks the certificate against it.
        TargetHost = host,
        EnabledSslProtocols = _outgoingVersions,
        CipherSuitesPolicy = _outgoingCiphers,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        CertificateChainPolicy = _backendPolicy.ChainPolicy(),
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (_backendPolicy.Judge(host, certificate, chain, errors) is { } why)
            {
                rejected(why);
                return false;
            }
            return true;
        },
    };

    public static BackendTls DialogueTls(OutgoingTls outgoing) => outgoing switch
    {
        OutgoingTls.StartTls => BackendTls.StartTlsIfOffered,
        OutgoingTls.StartTlsRequired => BackendTls.StartTlsRequired,
        _ => BackendTls.None,
    };

    private static CipherSuitesPolicy? Ciphers(string text, string option)
    {
        if (text.Length == 0)
        {
            return null;
        }
        var suites = CipherSuiteNames.Parse(text, out var error) ?? throw new TlsSetupException($"{option}: {error}");
        try
        {
            return new CipherSuitesPolicy(suites);
        }
        catch (PlatformNotSupportedException)
        {
            throw new TlsSetupException($"{option}: choosing cipher suites is not supported on this platform");
        }
    }
}
