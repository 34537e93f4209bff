using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>
/// A throw-away certificate authority for TLS tests, made in process (no openssl binary): a root CA, the server
/// certificates it issues, and the faulty ones a TLS client must refuse (self-signed, expired, wrong name).
/// Each certificate is also written to <see cref="Directory"/> as PEM, named after it.
/// </summary>
public sealed partial class TestPki
{
    public const string WrongHostName = "wrong.example";

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly Lock _gate = new();
    private readonly ECDsa _caKey;
    private readonly DateTimeOffset _caNotBefore;
    private readonly Lazy<TestCertificate> _wrongName;

    private TestPki(string directory, X509Certificate2 ca, ECDsa caKey, DateTimeOffset caNotBefore)
    {
        Directory = directory;
        Ca = ca;
        _caKey = caKey;
        _caNotBefore = caNotBefore;
        _wrongName = new(() => IssueServer("wrong-name", WrongHostName));
    }

    public string Directory { get; }

    /// <summary>The root CA, with its private key; trust it (and only it) to validate what this PKI issued.</summary>
    public X509Certificate2 Ca { get; }

    public string CaPemPath => Path.Combine(Directory, "ca.crt.pem");

    /// <summary>A new CA valid from a day ago for a year, its certificate written to <paramref name="directory"/> (created if missing).</summary>
    public static TestPki Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        // A unique subject per PKI, so a chain can never be completed by another test's CA.
        var subject = new X500DistinguishedName($"CN=ActorMailProxy Test CA {Guid.NewGuid():N}");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // X.509 times have whole seconds; issued certificates start exactly here, never before their issuer.
        var notBefore = TruncateToSeconds(DateTimeOffset.UtcNow.AddDays(-1));
        var ca = request.CreateSelfSigned(notBefore, notBefore.AddDays(1).AddYears(1));
        var pki = new TestPki(directory, ca, key, notBefore);
        PemFiles.WriteCertificates(pki.CaPemPath, ca);
        return pki;
    }

    /// <summary>A server certificate from this CA for <paramref name="dnsNamesOrIps"/> (each one a DNS name or an IP address).</summary>
    public TestCertificate IssueServer(string name, params string[] dnsNamesOrIps) =>
        Issue(name, dnsNamesOrIps, _caNotBefore, DateTimeOffset.UtcNow.AddDays(90));

    /// <summary>A certificate for both ends of a mutual-TLS connection (a cluster node's): server and client authentication.</summary>
    public TestCertificate IssueServerAndClient(string name, params string[] dnsNamesOrIps) =>
        Issue(name, dnsNamesOrIps, _caNotBefore, DateTimeOffset.UtcNow.AddDays(90), ServerAuth, ClientAuth);

    /// <summary>Like <see cref="IssueServer"/>, but signed by its own key: a client trusting only <see cref="Ca"/> must refuse it.</summary>
    public TestCertificate SelfSigned(string name, params string[] dnsNamesOrIps)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(name, key, dnsNamesOrIps);
        var certificate = request.CreateSelfSigned(_caNotBefore, DateTimeOffset.UtcNow.AddDays(90));
        return Save(name, certificate, key, chain: [certificate]);
    }

    /// <summary>Issued by <see cref="Ca"/> but expired an hour ago (its validity began with the CA's, a day ago).</summary>
    public TestCertificate Expired(string name, params string[] dnsNamesOrIps) =>
        Issue(name, dnsNamesOrIps, _caNotBefore, DateTimeOffset.UtcNow.AddHours(-1));

    /// <summary>Issued by <see cref="Ca"/> for <see cref="WrongHostName"/> only; the same certificate on every call.</summary>
    public TestCertificate WrongName() => _wrongName.Value;

    /// <summary>
    /// A chain policy that trusts <see cref="Ca"/> alone, checks no revocation and downloads nothing (only loopback carries traffic).
    /// Give it to <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>.
    /// </summary>
    public X509ChainPolicy ChainPolicy() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { Ca },
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
    };

    /// <summary>
    /// A <see cref="RemoteCertificateValidationCallback"/> for clients that take no chain policy (MailKit): the name must match
    /// the target host, and the chain must end at <see cref="Ca"/>, whatever the system's own trust store says.
    /// </summary>
    public bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            return false;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var ours = new X509Chain { ChainPolicy = ChainPolicy() };
        // What the server sent besides its leaf may complete the chain, but only Ca can anchor it.
        foreach (var element in chain?.ChainElements.Skip(1) ?? [])
            ours.ChainPolicy.ExtraStore.Add(element.Certificate);
        return ours.Build(leaf);
    }

    private TestCertificate Issue(string name, string[] dnsNamesOrIps, DateTimeOffset notBefore, DateTimeOffset notAfter, params Oid[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(name, key, dnsNamesOrIps, usages);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        X509Certificate2 certificate;
        lock (_gate)
            certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), notBefore, notAfter, SerialNumber());
        return Save(name, certificate.CopyWithPrivateKey(key), key, chain: [certificate, Ca]);
    }

    /// <param name="usages">Extended key usages; none given: server authentication.</param>
    private static CertificateRequest ServerRequest(string name, ECDsa key, string[] dnsNamesOrIps, params Oid[] usages)
    {
        if (!FileName().IsMatch(name))
            throw new ArgumentException($"Certificate name '{name}' must match {FileName()}: it names the PEM files.", nameof(name));
        if (dnsNamesOrIps.Length == 0)
            throw new ArgumentException("A server certificate needs at least one DNS name or IP address.", nameof(dnsNamesOrIps));

        var request = new CertificateRequest(new X500DistinguishedName($"CN={dnsNamesOrIps[0]}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var entry in dnsNamesOrIps)
        {
            if (IPAddress.TryParse(entry, out var address))
                names.AddIpAddress(address);
            else
                names.AddDnsName(entry);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages.DefaultIfEmpty(ServerAuth)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    private TestCertificate Save(string name, X509Certificate2 withKey, ECDsa key, X509Certificate2[] chain)
    {
        var files = new TestCertificate(
            name,
            Path.Combine(Directory, $"{name}.crt.pem"),
            Path.Combine(Directory, $"{name}.key.pem"),
            Path.Combine(Directory, $"{name}.chain.pem"),
            withKey);
        PemFiles.WriteCertificates(files.CertPemPath, withKey);
        PemFiles.WriteKey(files.KeyPemPath, key);
        PemFiles.WriteCertificates(files.ChainPemPath, chain);
        return files;
    }

    // Positive and never starting with a zero byte, as RFC 5280 asks of a serial number.
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,63}$")]
    private static partial Regex FileName();
}
