using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Serialization;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Gateway.Tests.Hosting;

/// <summary>With our HOCON, every message that crosses nodes goes through one of our serializers and comes back equal.</summary>
public sealed class SerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization-test",
        Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(HoconSeed.Reference));

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<object> Messages() =>
    [
        new Resolve("alice@example.org"),
        new Invalidate("bob"),
        InvalidateAll.Instance,
        Invalidated.Instance,
        new Resolved(new MapAnswer.Found("user2@mail1.example.org:143"), TimeSpan.FromMilliseconds(59_999)),
        new Resolved(MapAnswer.NotFound.Instance, TimeSpan.FromSeconds(10)),
        new Resolved(new MapAnswer.Unavailable("database down: zoë"), TimeSpan.Zero),
        new LendRequest("user:zoë\n\"x\"", 3, 7, "akka.tcp://actormailproxy@127.0.0.1:2551#-42"),
        new LendReply("ip:127.0.0.1", 3, 1, "akka.tcp://actormailproxy@127.0.0.1:2552#7"),
        new PlacesReturned("total", 2, "n#1"),
        new LoanInherited(new KeyLoan("user:alice", 2, 1), "n#1", "n#3"),
        new LoanMoved(new KeyLoan("total", 100, 4), "n#3", "n#2"),
        new LoansQuery("n#1"),
        new MembershipQuery("n#1"),
        new MembershipConfirmed("n#1", "n#2"),
        new ShareQuery("ip:::1", 5),
        new ShareReport("n#2", new KeyShare("ip:::1", 2, 3, 1, 0)),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Cross_node_messages_use_our_serializer_and_round_trip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(message is ILimitMessage ? LimitSerializer.SerializerId : UserMapSerializer.SerializerId, serializer.Identifier);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        Assert.DoesNotContain("ActorMailProxy", manifest);
        Assert.Equal(message, _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest));
    }

    [Fact]
    public void A_resolved_answer_arrives_fresh_for_no_longer_than_it_was_sent()
    {
        var sent = new Resolved(new MapAnswer.Found("mail1"), TimeSpan.FromTicks(TimeSpan.TicksPerSecond - 1));
        var serializer = _system.Serialization.FindSerializerFor(sent);

        var back = (Resolved)_system.Serialization.Deserialize(serializer.ToBinary(sent), serializer.Identifier, "resolved");

        Assert.Equal(TimeSpan.FromMilliseconds(999), back.FreshFor);
    }

    public static TheoryData<object> AuditMessages() =>
    [
        new ConnectionOpened("e1", "127.0.0.1:2551", DateTimeOffset.UnixEpoch, new AuditSession("127.0.0.2:4000", "127.0.0.1:110", "POP3")),
        new LoginSucceeded("e2", "127.0.0.1:2551", DateTimeOffset.UnixEpoch, new AuditSession("127.0.0.2:4000", "127.0.0.1:143", "IMAP4", User: "bob", MappedUser: "bob", Backend: "127.0.0.1:1143")),
        new LoginFailed("e3", "n", DateTimeOffset.UnixEpoch, new AuditSession("c", "s", "MANAGESIEVE"), LoginFailureClass.Unavailable, "User map unavailable"),
        new ConnectionRefused("e4", "n", DateTimeOffset.UnixEpoch, new AuditSession("c", "s", "POP3"), "ip:127.0.0.2"),
        new ConnectionClosed("e5", "n", DateTimeOffset.UnixEpoch, new AuditSession("c", "s", "POP3"), 1, 2, TimeSpan.FromSeconds(3), "session closed"),
    ];

    [Theory]
    [MemberData(nameof(AuditMessages))]
    public void Audit_events_use_the_audit_serializer_and_round_trip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(AuditSerializer.SerializerId, serializer.Identifier);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        Assert.Equal(message, _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest));
    }

    [Fact]
    public void Audit_batches_and_the_log_snapshot_use_the_audit_serializer()
    {
        var batch = new AuditBatch([.. ((IEnumerable<object[]>)AuditMessages()).Select(row => (AuditEvent)row[0])]);
        var back = (AuditBatch)_system.Serialization.Deserialize(_system.Serialization.Serialize(batch), AuditSerializer.SerializerId, "batch");
        Assert.Equal(batch.Events, back.Events);
        Assert.Equal(AuditSerializer.SerializerId, _system.Serialization.FindSerializerFor(new AuditLogSnapshot(["a"])).Identifier);
    }

    [Fact]
    public void Loans_and_a_keys_status_round_trip_with_every_entry()
    {
        var owed = new LoansOwed("n#1", [new KeyLoan("ip:127.0.0.1", 3, 1), new KeyLoan("user:", 2, 2)]);
        var back = RoundTrip(owed);
        Assert.Equal(owed.Member, back.Member);
        Assert.Equal(owed.Loans, back.Loans);

        var status = new LimitStatus("total", 12, [new ShareReport("n#1", new KeyShare("total", 4, 6, 0, 2)), new ShareReport("n#2", new KeyShare("total", 8, 6, 2, 0))], ["n#3"]);
        var statusBack = RoundTrip(status);
        Assert.Equal((status.Key, status.Limit, status.Held), (statusBack.Key, statusBack.Limit, statusBack.Held));
        Assert.Equal(status.Nodes, statusBack.Nodes);
        Assert.Equal(status.Silent, statusBack.Silent);
    }

    private T RoundTrip<T>(T message)
        where T : class
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(LimitSerializer.SerializerId, serializer.Identifier);
        return Assert.IsType<T>(_system.Serialization.Deserialize(
            serializer.ToBinary(message), serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message)));
    }
}
