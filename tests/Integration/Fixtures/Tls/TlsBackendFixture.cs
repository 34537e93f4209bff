using ActorMailProxy.Integration.Fixtures.Dovecot;
namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>
/// One real Dovecot, <c>tls</c>, serving a certificate from its own <see cref="TestPki"/> for 127.0.0.1 and localhost:
/// STARTTLS/STLS on the plaintext ports (where plaintext logins still work), and imaps and pop3s on their own ports.
/// Tess's INBOX holds the 10 MiB seeded message; treat it as read-only and use Theo for tests that change mail.
/// <see cref="Pki"/> makes the other certificates a test needs (self-signed, expired, wrong name) from the same CA.
/// </summary>
public sealed class TlsBackendFixture : IAsyncLifetime
{
    public static readonly MailUser Tess = new("tess", "tess-secret-9");
    public static readonly MailUser Theo = new("theo", "theo-secret-10");

    private readonly DirectoryInfo _pkiDirectory = Directory.CreateTempSubdirectory("actormailproxy-pki-");
    private DovecotInstance? _backend;

    public TlsBackendFixture()
    {
        Pki = TestPki.Create(_pkiDirectory.FullName);
        ServerCertificate = Pki.IssueServer("dovecot", DovecotInstance.LoopbackHost, "localhost");
    }

    public static IReadOnlyList<MailUser> Users { get; } = [Tess, Theo];

    public TestPki Pki { get; }

    /// <summary>What <see cref="Backend"/> serves on every TLS port: issued by <see cref="Pki"/> for 127.0.0.1 and localhost.</summary>
    public TestCertificate ServerCertificate { get; }

    /// <summary>The same bytes as <see cref="TwoBackendsFixture.LargeMessage"/>: one seed, one size.</summary>
    public SeededMessage LargeMessage { get; } =
        SeededMessage.Create("fixture-large@example.net", "large seeded message", seed: 10, TwoBackendsFixture.LargeMessageSize);

    public DovecotInstance Backend => _backend ?? throw new InvalidOperationException("TlsBackendFixture has not been initialised.");

    public async Task InitializeAsync()
    {
        _backend = await DovecotInstance.StartAsync("tls", Users, new DovecotOptions { Tls = ServerCertificate });
        await _backend.DeliverAsync(Tess.Name, LargeMessage.Bytes);
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
            await _backend.DisposeAsync();
        // A kept Dovecot directory is only useful with the certificate files its dovecot.conf names.
        if (Environment.GetEnvironmentVariable(DovecotInstance.KeepDirectoryVariable) != "1")
            _pkiDirectory.Delete(recursive: true);
    }
}
