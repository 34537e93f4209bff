using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using ActorMailProxy.Gateway.Operator;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Gateway.Tests.Operator;

/// <summary>The operator commands' messages go through our serializer (no .NET type names) and come back equal.</summary>
public sealed class AdminSerializationTests : IDisposable
{
    private const string Node1 = "akka.tcp://actormailproxy@127.0.0.1:2551";
    private const string Node2 = "akka.tcp://actormailproxy@127.0.0.1:2552";

    private readonly ActorSystem _system = ActorSystem.Create("admin-serialization-test",
        Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(HoconSeed.Reference));

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<object> Messages() =>
    [
        new FlushUser("alice@example.org"),
        new UserFlushed("Ünïcødé user", Node1),
        new UserFlushed("bob", Node1) { Silent = [Node2] },
        new FlushUserOnNode("zoë@example.org"),
        FlushAll.Instance,
        new AllFlushed([Node1, Node2], []),
        new AllFlushed([Node1], [Node2]),
        FlushNode.Instance,
        new NodeFlushed(Node2),
        GetClusterStatus.Instance,
        GetNodeStatus.Instance,
        new NodeStatus(Node1, 12345),
        new NodeStatus(Node1, 3, 10_000, 5_000_000_000),
        new NodeStatus(Node1, 3, 0, 0, new LedgerTotals(7, 3, 1, 2)),
        new AdminFailure("the user map did not drop \"bob\""),
        new GetLastLogin("Zoë@example.org"),
        new LastLoginReport("nobody", null, CaughtUp: false, Node1),
        new LastLoginReport("alice", new ActorMailProxy.Audit.ReadModel.LastLogin("Alice", DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123), "[::1]:40000",
            "127.0.0.1:2551", "mail1:110", "POP3"), CaughtUp: true, Node2),
        new LastLoginReport("bob", new ActorMailProxy.Audit.ReadModel.LastLogin("bob", DateTimeOffset.FromUnixTimeMilliseconds(0), "192.0.2.1:1", "n", null, "IMAP4"), true, Node1),
        new ClusterStatusReport(Node1, []),
        new ClusterStatusReport(Node2,
        [
            new MemberRow(Node1, "Up", ["proxy", "limits"], IsLeader: true, IsOldest: true, IsReachable: true, new NodeStatus(Node1, 3)),
            new MemberRow(Node2, "Up", [], IsLeader: false, IsOldest: false, IsReachable: false, Node: null),
            new MemberRow("akka.tcp://actormailproxy@127.0.0.1:2553", "Joining", ["proxy"], false, false, true, new NodeStatus("x", 0)),
        ]),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Admin_messages_use_our_serializer_and_round_trip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(AdminSerializer.SerializerId, serializer.Identifier);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        Assert.DoesNotContain("ActorMailProxy", manifest);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        Assert.IsType(message.GetType(), back);
        Assert.Equal(JsonSerializer.Serialize(message, message.GetType()), JsonSerializer.Serialize(back, back.GetType()));
    }

    [Fact]
    public void A_node_status_from_a_newer_node_with_more_fields_still_reads()
    {
        var serializer = (AdminSerializer)_system.Serialization.FindSerializerForType(typeof(NodeStatus));
        var row = AdminWire.Write(w =>
        {
            w.Write(Node1);
            w.Write("Up");
            w.WriteStrings(["proxy"]);
            w.Write((byte)4);
            w.Write(true);
            w.WriteBlob(n =>
            {
                n.Write(Node1);
                n.Write7BitEncodedInt(7);
                n.Write7BitEncodedInt(3);
                n.Write7BitEncodedInt64(4);
                foreach (var count in (int[])[5, 2, 1, 0])
                {
                    n.Write7BitEncodedInt(count);
                }
                n.Write("a field this version does not know");
            });
            w.Write(42L);
        });
        var report = AdminWire.Write(w =>
        {
            w.Write(Node1);
            w.WriteCount(2);
            w.WriteCount(row.Length);
            w.Write(row);
            w.WriteCount(row.Length);
            w.Write(row);
        });

        var read = Assert.IsType<ClusterStatusReport>(serializer.FromBinary(report, "cluster-status"));

        Assert.Equal(2, read.Members.Count);
        Assert.All(read.Members, m => Assert.Equal(new NodeStatus(Node1, 7, 3, 4, new LedgerTotals(5, 2, 1, 0)), m.Node));
        Assert.All(read.Members, m => Assert.True(m.IsReachable));
    }

    [Fact]
    public void A_user_flushed_reply_from_a_node_without_silent_members_still_reads()
    {
        var serializer = (AdminSerializer)_system.Serialization.FindSerializerForType(typeof(UserFlushed));
        var older = AdminWire.Write(w =>
        {
            w.Write("bob");
            w.Write(Node1);
        });

        var read = Assert.IsType<UserFlushed>(serializer.FromBinary(older, "user-flushed"));

        Assert.Equal(("bob", Node1, true), (read.Key, read.Node, read.Complete));
    }

    [Theory]
    [InlineData("cluster-status")]
    [InlineData("all-flushed")]
    [InlineData("node-status")]
    public void Truncated_or_corrupt_bytes_are_a_serialization_error(string manifest)
    {
        var serializer = (AdminSerializer)_system.Serialization.FindSerializerForType(typeof(NodeStatus));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([0x05, 0x61], manifest));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], manifest));
    }

    [Fact]
    public void An_unknown_manifest_is_a_serialization_error()
    {
        var serializer = (AdminSerializer)_system.Serialization.FindSerializerForType(typeof(NodeStatus));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([], "ActorMailProxy.Gateway.Operator.FlushUser"));
    }
}
