using System.Net;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Integration;

namespace ActorMailProxy.Bench.Backend;

/// <summary>
/// The one real Dovecot every target leads to, with a mailbox per role: login users with empty mailboxes (one per
/// concurrent client, so no two logins contend for one maildir), a reader whose only message is the seeded 10 MiB one,
/// and an idler whose small message the idle connections fetch.
/// </summary>
public sealed class BenchBackend : IAsyncDisposable
{
    public const int LargeMessageSize = 10 * 1024 * 1024;

    private const int LoginUserCount = 32;
    private const int SmallMessageSize = 2 * 1024;

    private BenchBackend(DovecotInstance dovecot, IReadOnlyList<MailUser> loginUsers, MailUser reader, MailUser idler)
    {
        Dovecot = dovecot;
        LoginUsers = loginUsers;
        Reader = reader;
        Idler = idler;
    }

    public DovecotInstance Dovecot { get; }

    public IReadOnlyList<MailUser> LoginUsers { get; }

    public MailUser Reader { get; }

    public MailUser Idler { get; }

    public int Port(MailService service) => service == MailService.Pop3 ? Dovecot.Pop3Port : Dovecot.ImapPort;

    public IPEndPoint Endpoint(MailService service) => new(IPAddress.Loopback, Port(service));

    public static async Task<BenchBackend> StartAsync()
    {
        var loginUsers = Enumerable.Range(0, LoginUserCount).Select(i => new MailUser($"login{i:00}", $"login-secret-{i:00}")).ToList();
        var reader = new MailUser("reader", "reader-secret");
        var idler = new MailUser("idler", "idler-secret");
        var dovecot = await DovecotInstance.StartAsync("bench", [.. loginUsers, reader, idler]);
        try
        {
            await dovecot.DeliverAsync(reader.Name, SeededMessage.Create("reader@example.net", "bench large", seed: 10, LargeMessageSize).Bytes);
            await dovecot.DeliverAsync(idler.Name, SeededMessage.Create("idler@example.net", "bench small", seed: 11, SmallMessageSize).Bytes);
            return new BenchBackend(dovecot, loginUsers, reader, idler);
        }
        catch
        {
            await dovecot.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Dovecot.DisposeAsync();
}
