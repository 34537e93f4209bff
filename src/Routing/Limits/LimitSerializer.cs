using System.Runtime.Serialization;
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
        LendRequest => "lend?",
        LendReply => "lend",
        PlacesReturned => "returned",
        LoanInherited => "inherited",
        LoanMoved => "moved",
        LoansQuery => "loans?",
        LoansOwed => "loans",
        MembershipQuery => "member?",
        MembershipConfirmed => "member",
        ShareQuery => "share?",
        ShareReport => "share",
        LimitStatus => "status",
        _ => throw new ArgumentException($"{o.GetType()} is not a limit message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8))
        {
            switch (obj)
            {
                case LendRequest r:
                    w.Write(r.Key); w.Write(r.Limit); w.Write(r.Wanted); w.Write(r.Borrower);
                    break;
                case LendReply r:
                    w.Write(r.Key); w.Write(r.Limit); w.Write(r.Lent); w.Write(r.Lender);
                    break;
                case PlacesReturned r:
                    w.Write(r.Key); w.Write(r.Count); w.Write(r.Borrower);
                    break;
                case LoanInherited i:
                    WriteLoan(w, i.Loan); w.Write(i.Borrower); w.Write(i.FormerLender);
                    break;
                case LoanMoved m:
                    WriteLoan(w, m.Loan); w.Write(m.FormerLender); w.Write(m.Heir);
                    break;
                case LoansQuery q:
                    w.Write(q.Member);
                    break;
                case LoansOwed o:
                    w.Write(o.Member);
                    WriteList(w, o.Loans, WriteLoan);
                    break;
                case MembershipQuery q:
                    w.Write(q.Member);
                    break;
                case MembershipConfirmed c:
                    w.Write(c.Member); w.Write(c.ConfirmedBy);
                    break;
                case ShareQuery q:
                    w.Write(q.Key); w.Write(q.Limit);
                    break;
                case ShareReport s:
                    WriteShare(w, s);
                    break;
                case LimitStatus s:
                    w.Write(s.Key); w.Write(s.Limit);
                    WriteList(w, s.Nodes, WriteShare);
                    WriteList(w, s.Silent, (w, n) => w.Write(n));
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
            "lend?" => new LendRequest(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString()),
            "lend" => new LendReply(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString()),
            "returned" => new PlacesReturned(r.ReadString(), r.ReadInt32(), r.ReadString()),
            "inherited" => new LoanInherited(ReadLoan(r), r.ReadString(), r.ReadString()),
            "moved" => new LoanMoved(ReadLoan(r), r.ReadString(), r.ReadString()),
            "loans?" => new LoansQuery(r.ReadString()),
            "loans" => new LoansOwed(r.ReadString(), ReadList(r, ReadLoan)),
            "member?" => new MembershipQuery(r.ReadString()),
            "member" => new MembershipConfirmed(r.ReadString(), r.ReadString()),
            "share?" => new ShareQuery(r.ReadString(), r.ReadInt32()),
            "share" => ReadShare(r),
            "status" => new LimitStatus(r.ReadString(), r.ReadInt32(), ReadList(r, ReadShare), ReadList(r, r => r.ReadString())),
            _ => throw new SerializationException($"unknown limit manifest '{manifest}'"),
        };
    }

    private static void WriteLoan(BinaryWriter w, KeyLoan loan)
    {
        w.Write(loan.Key); w.Write(loan.Limit); w.Write(loan.Count);
    }

    private static KeyLoan ReadLoan(BinaryReader r) => new(r.ReadString(), r.ReadInt32(), r.ReadInt32());

    private static void WriteShare(BinaryWriter w, ShareReport report)
    {
        var s = report.Share;
        w.Write(report.Node); w.Write(s.Key); w.Write(s.Used); w.Write(s.Share); w.Write(s.Borrowed); w.Write(s.Lent);
    }

    private static ShareReport ReadShare(BinaryReader r) =>
        new(r.ReadString(), new KeyShare(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()));

    private static void WriteList<T>(BinaryWriter w, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static T[] ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > r.BaseStream.Length)
        {
            throw new SerializationException($"list of {count} items is impossible");
        }
        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(r);
        }
        return items;
    }
}
