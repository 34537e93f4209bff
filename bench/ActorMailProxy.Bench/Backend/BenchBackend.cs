using System.Net;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Tls;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Bench.Backend;

/// <summary>
/// The one real Dovecot every target leads to, with a mailbox per role: login users with empty mailboxes (one per
/// concurrent client, so no two logins contend for one maildir), a reader whose only message is the seeded 10 MiB one,
/// and an idler whose small message the idle connections fetch. It serves TLS too (pop3s, imaps, and STARTTLS on the
/// plaintext ports, which plaintext logins still use) with a certificate for 127.0.0.1 from the bench's own test CA.
/// </summary>
public sealed class BenchBackend : IAsyncDisposable
{
    public const int LargeMessageSize = 10 * 1024 * 1024;

    private const int LoginUserCount = 32;
    private const int SmallMessageSize = 2 * 1024;

    private readonly DirectoryInfo _pkiDirectory;

    private BenchBackend(DovecotInstance dovecot, DirectoryInfo pkiDirectory, TestPki pki, IReadOnlyList<MailUser> loginUsers, MailUser reader, MailUser idler)
    {
        Dovecot = dovecot;
        _pkiDirectory = pkiDirectory;
        Pki = pki;
        ClientTls = new ClientTls(pki);
        LoginUsers = loginUsers;
        Reader = reader;
        Idler = idler;
    }

    public DovecotInstance Dovecot { get; }

    /// <summary>The CA behind every certificate of the run: Dovecot's, and those the TLS proxies serve.</summary>
    public TestPki Pki { get; }

    /// <summary>How the bench's clients speak TLS to any target: trusting <see cref="Pki"/>'s CA alone.</summary>
    public ClientTls ClientTls { get; }

    public IReadOnlyList<MailUser> LoginUsers { get; }

    public MailUser Reader { get; }

    public MailUser Idler { get; }

    public int Port(MailService service) => service == MailService.Pop3 ? Dovecot.Pop3Port : Dovecot.ImapPort;

    /// <summary>Dovecot's implicit-TLS port: pop3s or imaps.</summary>
    public int TlsPort(MailService service) => service == MailService.Pop3 ? Dovecot.Pop3sPort : Dovecot.ImapsPort;

    public MailEndpoint Endpoint(MailService service, Transport transport) => transport == Transport.Tls
        ? new MailEndpoint(new IPEndPoint(IPAddress.Loopback, TlsPort(service)), ClientTls)
        : new MailEndpoint(new IPEndPoint(IPAddress.Loopback, Port(service)), null);

    public static async Task<BenchBackend> StartAsync()
    {
        var loginUsers = Enumerable.Range(0, LoginUserCount).Select(i => new MailUser($"login{i:00}", $"login-secret-{i:00}")).ToList();
        var reader = new MailUser("reader", "reader-secret");
        var idler = new MailUser("idler", "idler-secret");
        var pkiDirectory = Directory.CreateTempSubdirectory("amp-bench-pki-");
        var pki = TestPki.Create(pkiDirectory.FullName);
        var certificate = pki.IssueServer("dovecot", DovecotInstance.LoopbackHost);
        DovecotInstance dovecot;
        try
        {
            dovecot = await DovecotInstance.StartAsync("bench", [.. loginUsers, reader, idler], new DovecotOptions { Tls = certificate });
        }
        catch
        {
            pkiDirectory.Delete(recursive: true);
            throw;
        }
        var backend = new BenchBackend(dovecot, pkiDirectory, pki, loginUsers, reader, idler);
        try
        {
            await dovecot.DeliverAsync(reader.Name, SeededMessage.Create("reader@example.net", "bench large", seed: 10, LargeMessageSize).Bytes);
            await dovecot.DeliverAsync(idler.Name, SeededMessage.Create("idler@example.net", "bench small", seed: 11, SmallMessageSize).Bytes);
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Dovecot.DisposeAsync();
        _pkiDirectory.Delete(recursive: true);
    }
}
