using System.Net;
using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Query;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Audit.Retention;

namespace ActorMailProxy.Audit.Tests.ReadModel;

/// <summary>
/// The audit index on a real SQLite journal written by the real log: the projector indexes every stored event once,
/// goes on from its stored offset after a stop, and searches find events by user (either name, any case), network and time.
/// </summary>
public sealed class AuditIndexTests : SqliteJournalTestKit
{
    private readonly AuditIndexSearch _search;

    public AuditIndexTests() => _search = new AuditIndexSearch(Journal, (bytes, serializer, manifest) => Sys.Serialization.Deserialize(bytes, serializer, manifest));

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static AuditEvent Login(string id, string user, string client, int minutes, string? mapped = null) =>
        new LoginSucceeded(id, "127.0.0.1:2551", T0.AddMinutes(minutes), new AuditSession(client, "127.0.0.1:110", "POP3", User: user, MappedUser: mapped));

    private static AuditEvent Opened(string id, string client, int minutes) =>
        new ConnectionOpened(id, "127.0.0.1:2551", T0.AddMinutes(minutes), new AuditSession(client, "127.0.0.1:110", "POP3"));

    private IActorRef StartProjector() => Sys.ActorOf(AuditIndexProjector.Props(Journal, new AuditIndexSettings(Batch: 3, BatchWait: TimeSpan.FromMilliseconds(50))));

    private async Task<long> IndexedAsync(long ordering)
    {
        await AwaitConditionAsync(async () => await _search.OffsetAsync() >= ordering, TimeSpan.FromSeconds(15));
        return (await _search.OffsetAsync())!.Value;
    }

    private async Task<List<string>> FindAsync(AuditFilter filter)
    {
        var found = new List<string>();
        await foreach (var (_, e) in _search.FindAsync(filter))
        {
            found.Add(e.EventId);
        }
        return found;
    }

    [Fact]
    public async Task Every_stored_event_is_indexed_once_and_found_by_user_network_and_time()
    {
        Store(
            Opened("o1", "192.0.2.7:5000", 0),
            Login("l1", "Alice", "192.0.2.7:5000", 1, mapped: "alice@mail2"),
            Login("l2", "bob", "198.51.100.9:6000", 2),
            Login("l3", "alice", "[2001:db8::5]:7000", 3),
            Opened("o2", "192.0.2.200:5001", 4));
        var projector = StartProjector();
        Assert.Equal(5, await IndexedAsync(5));

        Assert.Equal(["l1", "l3"], await FindAsync(new AuditFilter(User: "ALICE")));
        Assert.Equal(["l1"], await FindAsync(new AuditFilter(User: "Alice@Mail2")));
        Assert.Equal(["o1", "l1", "o2"], await FindAsync(new AuditFilter(Client: IPNetwork.Parse("192.0.2.0/24"))));
        Assert.Equal(["o1", "l1"], await FindAsync(new AuditFilter(Client: AuditFilter.Only(IPAddress.Parse("192.0.2.7")))));
        Assert.Equal(["l3"], await FindAsync(new AuditFilter(Client: IPNetwork.Parse("2001:db8::/32"))));
        Assert.Equal(["l3", "o2"], await FindAsync(new AuditFilter(Since: T0.AddMinutes(3))));
        Assert.Equal(["l3"], await FindAsync(new AuditFilter(User: "alice", Since: T0.AddMinutes(2))));

        var last = await _search.FindAsync("alice");
        Assert.Equal(("l3", true), ((await _search.LastLoginAsync("alice"))?.EventId, last.CaughtUp));
        Assert.Equal("[2001:db8::5]:7000", last.Login?.Client);
        Assert.Null((await _search.FindAsync("carol")).Login);

        // Stopped and started again, it goes on after its stored offset: the new events only, nothing twice.
        Watch(projector);
        Sys.Stop(projector);
        ExpectTerminated(projector);
        Store(Login("l4", "carol", "192.0.2.8:1", 5));
        StartProjector();
        Assert.Equal(6, await IndexedAsync(6));
        Assert.Equal(["o1", "l1", "l2", "l3", "o2", "l4"], await FindAsync(new AuditFilter(Since: T0)));
    }

    [Fact]
    public async Task A_batch_written_twice_is_stored_once_and_the_offset_never_goes_back()
    {
        await AuditIndexTables.CreateAsync(Journal, CancellationToken.None);
        AuditIndexRow[] rows = [AuditIndexRow.From(1, Opened("o1", "192.0.2.7:1", 0)), AuditIndexRow.From(2, Login("l1", "alice", "192.0.2.7:1", 1))];
        await AuditIndexTables.WriteAsync(Journal, rows, 2, CancellationToken.None);
        await AuditIndexTables.WriteAsync(Journal, rows, 2, CancellationToken.None);
        await AuditIndexTables.WriteAsync(Journal, rows[..1], 1, CancellationToken.None);

        Assert.Equal(2, await AuditIndexTables.OffsetAsync(Journal, CancellationToken.None));
        await using var connection = JournalDatabase.Open(Journal);
        await connection.OpenAsync();
        await using var count = JournalDatabase.Command(connection, "SELECT count(*) FROM audit_index");
        Assert.Equal(2L, Convert.ToInt64(await count.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task AJournal_without_an_index_says_so()
    {
        Store(Opened("o1", "192.0.2.7:5000", 0));
        Assert.Null(await _search.OffsetAsync());
        Assert.Null(await _search.LagAsync(DateTimeOffset.UtcNow));
        Assert.False((await _search.FindAsync("alice")).CaughtUp);
    }
}
