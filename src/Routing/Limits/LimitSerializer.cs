using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// The limit messages on the wire: a short manifest names the type; the payload is the fields in order, strings as
/// length-prefixed UTF-8 (a user name may hold any character). No .NET type names travel.
/// </summary>
public sealed class LimitSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7301;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        AcquireLease => "acquire",
        LeaseDecision => "decision",
        ReleaseLease => "release",
        LimitStatusQuery => "status?",
        LimitStatus => "status",
        HeldLeasesQuery => "held?",
        HeldLeases => "held",
        _ => throw new ArgumentException($"{o.GetType()} is not a limit message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8))
        {
            switch (obj)
            {
                case AcquireLease a:
                    w.Write(a.Key); w.Write(a.LeaseId); w.Write(a.Node); w.Write(a.Limit);
                    break;
                case LeaseDecision d:
                    w.Write(d.Key); w.Write(d.LeaseId); w.Write(d.Granted); w.Write(d.Held);
                    break;
                case ReleaseLease r:
                    w.Write(r.Key); w.Write(r.LeaseId);
                    break;
                case LimitStatusQuery q:
                    w.Write(q.Key);
                    break;
                case LimitStatus s:
                    w.Write(s.Key); w.Write(s.Held); w.Write(s.KeeperNode);
                    break;
                case HeldLeasesQuery q:
                    w.Write(q.Key);
                    break;
                case HeldLeases h:
                    w.Write(h.Key); w.Write(h.Node);
                    WriteIds(w, h.Granted);
                    WriteIds(w, h.Undecided);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a limit message", nameof(obj));
            }
        }
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return manifest switch
        {
            "acquire" => new AcquireLease(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32()),
            "decision" => new LeaseDecision(r.ReadString(), r.ReadString(), r.ReadBoolean(), r.ReadInt32()),
            "release" => new ReleaseLease(r.ReadString(), r.ReadString()),
            "status?" => new LimitStatusQuery(r.ReadString()),
            "status" => new LimitStatus(r.ReadString(), r.ReadInt32(), r.ReadString()),
            "held?" => new HeldLeasesQuery(r.ReadString()),
            "held" => ReadHeld(r),
            _ => throw new System.Runtime.Serialization.SerializationException($"unknown limit manifest '{manifest}'"),
        };
    }

    private static HeldLeases ReadHeld(BinaryReader r) => new(r.ReadString(), r.ReadString(), ReadIds(r), ReadIds(r));

    private static void WriteIds(BinaryWriter w, IReadOnlyList<string> ids)
    {
        w.Write(ids.Count);
        foreach (var id in ids)
        {
            w.Write(id);
        }
    }

    private static string[] ReadIds(BinaryReader r)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > r.BaseStream.Length)
        {
            throw new System.Runtime.Serialization.SerializationException($"held leases count {count} is impossible");
        }
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = r.ReadString();
        }
        return ids;
    }
}
