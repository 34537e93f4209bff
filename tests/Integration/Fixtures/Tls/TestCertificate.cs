using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>
/// A certificate made by <see cref="TestPki"/>, both in memory (with its private key, for in-process servers) and as
/// PEM files (for Dovecot's <c>ssl_cert</c>/<c>ssl_key</c> and the proxy's own configuration).
/// </summary>
/// <param name="CertPemPath">The certificate alone.</param>
/// <param name="KeyPemPath">Its private key, PKCS#8, unencrypted, mode 0600.</param>
/// <param name="ChainPemPath">The certificate, then its issuer (the test CA), unless it is self-signed.</param>
public sealed record TestCertificate(string Name, string CertPemPath, string KeyPemPath, string ChainPemPath, X509Certificate2 Certificate)
{
    // Assertion messages show which certificate, not its key material.
    public override string ToString() => $"{Name} ({Certificate.Subject})";
}
