using ActorMailProxy.Integration.Fixtures.Tls;
namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>What a test may change about one <see cref="DovecotInstance"/>; the rest of its dovecot.conf is fixed.</summary>
public sealed record DovecotOptions
{
    /// <summary>The login greeting; by default it names the instance, so a test can tell which backend answered.</summary>
    public string? Greeting { get; init; }

    /// <summary>
    /// The certificate to serve TLS with (its <see cref="TestCertificate.CertPemPath"/> and <see cref="TestCertificate.KeyPemPath"/>):
    /// the plaintext ports then offer STARTTLS/STLS, and imaps and pop3s listen too. Plaintext logins stay allowed.
    /// </summary>
    public TestCertificate? Tls { get; init; }

    /// <summary>Raw dovecot.conf lines appended last, so they override the fixture's own settings of the same name.</summary>
    public IReadOnlyList<string> ExtraSettings { get; init; } = [];
}
