using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Routing.Limits;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// The operator commands' messages on the wire, between the command line and a node and between nodes: a short
/// manifest names the type, the payload is compact binary (<see cref="AdminWire"/>). No .NET type names travel.
/// New fields go at the end of a record's encoding and are read only when present, so mixed versions keep talking.
/// </summary>
public sealed class AdminSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7201;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        FlushUser => "flush-user",
        UserFlushed => "user-flushed",
        FlushUserOnNode => "flush-user-on-node",
        FlushAll => "flush-all",
        AllFlushed => "all-flushed",
        FlushNode => "flush-node",
        NodeFlushed => "node-flushed",
        GetClusterStatus => "get-cluster-status",
        GetLimit => "get-limit",
        GetLastLogin => "get-last-login",
        LastLoginReport => "last-login",
        ClusterStatusReport => "cluster-status",
        GetNodeStatus => "get-node-status",
        NodeStatus => "node-status",
        AdminFailure => "failure",
        _ => throw new ArgumentException($"{o.GetType()} is not an admin message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => AdminWire.Write(w =>
    {
        switch (obj)
        {
            case FlushUser m: w.Write(m.Key); break;
            case GetLimit m: w.Write(m.Key); break;
            case GetLastLogin m: w.Write(m.User); break;
            case LastLoginReport m: WriteLastLogin(w, m); break;
            case UserFlushed m: w.Write(m.Key); w.Write(m.Node); w.WriteStrings(m.Silent); break;
            case FlushUserOnNode m: w.Write(m.Key); break;
            case AllFlushed m: w.WriteStrings(m.Answered); w.WriteStrings(m.Silent); break;
            case NodeFlushed m: w.Write(m.Node); break;
            case ClusterStatusReport m: WriteReport(w, m); break;
            case NodeStatus m: WriteNode(w, m); break;
            case AdminFailure m: w.Write(m.Reason); break;
            case FlushAll or FlushNode or GetClusterStatus or GetNodeStatus: break;
            default: throw new ArgumentException($"{obj.GetType()} is not an admin message", nameof(obj));
        }
    });

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return AdminWire.Read<object>(bytes, r => manifest switch
            {
                "flush-user" => new FlushUser(r.ReadString()),
                "user-flushed" => ReadUserFlushed(r),
                "flush-user-on-node" => new FlushUserOnNode(r.ReadString()),
                "flush-all" => FlushAll.Instance,
                "all-flushed" => new AllFlushed(r.ReadStrings(), r.ReadStrings()),
                "flush-node" => FlushNode.Instance,
                "node-flushed" => new NodeFlushed(r.ReadString()),
                "get-cluster-status" => GetClusterStatus.Instance,
                "get-limit" => new GetLimit(r.ReadString()),
                "get-last-login" => new GetLastLogin(r.ReadString()),
                "last-login" => ReadLastLogin(r),
                "cluster-status" => ReadReport(r),
                "get-node-status" => GetNodeStatus.Instance,
                "node-status" => ReadNode(r),
                "failure" => new AdminFailure(r.ReadString()),
                _ => throw new SerializationException($"unknown admin manifest '{manifest}'"),
            });
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            throw new SerializationException($"corrupt admin message '{manifest}': {e.Message}", e);
        }
    }

    private static UserFlushed ReadUserFlushed(BinaryReader r)
    {
        var (key, node) = (r.ReadString(), r.ReadString());
        // A node from before the per-node flush sends no silent members.
        return new UserFlushed(key, node) { Silent = r.HasMore() ? r.ReadStrings() : [] };
    }

    private static void WriteReport(BinaryWriter w, ClusterStatusReport report)
    {
        w.Write(report.AnsweredBy);
        w.WriteCount(report.Members.Count);
        foreach (var row in report.Members)
        {
            w.WriteBlob(b => WriteRow(b, row));
        }
    }

    private static ClusterStatusReport ReadReport(BinaryReader r)
    {
        var answeredBy = r.ReadString();
        var count = r.ReadCount();
        return new ClusterStatusReport(answeredBy, [.. Enumerable.Range(0, count).Select(_ => r.ReadBlob(ReadRow))]);
    }

    private static void WriteRow(BinaryWriter w, MemberRow row)
    {
        w.Write(row.Address);
        w.Write(row.Status);
        w.WriteStrings(row.Roles);
        w.Write((byte)((row.IsLeader ? 1 : 0) | (row.IsOldest ? 2 : 0) | (row.IsReachable ? 4 : 0)));
        w.Write(row.Node is not null);
        if (row.Node is { } node)
        {
            w.WriteBlob(b => WriteNode(b, node));
        }
    }

    private static MemberRow ReadRow(BinaryReader r)
    {
        var (address, status, roles, flags) = (r.ReadString(), r.ReadString(), r.ReadStrings(), r.ReadByte());
        var node = r.ReadBoolean() ? r.ReadBlob(ReadNode) : null;
        return new MemberRow(address, status, roles, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, node);
    }

    private static void WriteNode(BinaryWriter w, NodeStatus node)
    {
        w.Write(node.Node);
        w.Write7BitEncodedInt(node.OpenConnections);
        w.Write7BitEncodedInt(node.AuditWaiting);
        w.Write7BitEncodedInt64(node.AuditDropped);
        if (node.Limits is not { } limits)
        {
            return;
        }
        w.Write7BitEncodedInt(limits.Held);
        w.Write7BitEncodedInt(limits.Keys);
        w.Write7BitEncodedInt(limits.Borrowed);
        w.Write7BitEncodedInt(limits.Lent);
    }

    private static NodeStatus ReadNode(BinaryReader r)
    {
        var (node, open) = (r.ReadString(), r.ReadNonNegative());
        // A node from before the audit counters sends none.
        if (!r.HasMore())
        {
            return new(node, open);
        }
        var (waiting, dropped) = (r.ReadNonNegative(), r.Read7BitEncodedInt64());
        // Nor one from before the limit shares.
        var limits = r.HasMore() ? new LedgerTotals(r.ReadNonNegative(), r.ReadNonNegative(), r.ReadNonNegative(), r.ReadNonNegative()) : null;
        return new(node, open, waiting, dropped, limits);
    }

    private static void WriteLastLogin(BinaryWriter w, LastLoginReport report)
    {
        w.Write(report.User);
        w.Write(report.CaughtUp);
        w.Write(report.AnsweredBy);
        w.Write(report.Login is not null);
        if (report.Login is { } login)
        {
            w.Write(login.User);
            w.Write(login.Time.ToUnixTimeMilliseconds());
            w.Write(login.Client);
            w.Write(login.Node);
            w.Write(login.Backend ?? "");
            w.Write(login.Protocol);
        }
    }

    private static LastLoginReport ReadLastLogin(BinaryReader r)
    {
        var (user, caughtUp, answeredBy) = (r.ReadString(), r.ReadBoolean(), r.ReadString());
        if (!r.ReadBoolean())
        {
            return new LastLoginReport(user, null, caughtUp, answeredBy);
        }
        var (name, time, client, node, backend, protocol) =
            (r.ReadString(), DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
        return new LastLoginReport(user, new LastLogin(name, time, client, node, backend.Length == 0 ? null : backend, protocol), caughtUp, answeredBy);
    }
}
