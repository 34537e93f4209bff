using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// The user map's messages on the wire between nodes: a short manifest names the type; the payload is one UTF-8
/// string (a key), or for <see cref="Resolved"/> the answer's kind, its freshness in whole milliseconds and its
/// text. No .NET type names travel, so renaming a class breaks nothing in a running cluster.
/// </summary>
public sealed class UserMapSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7101;

    private const byte Found = 0;
    private const byte NotFound = 1;
    private const byte Unavailable = 2;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        Resolve => "resolve",
        Resolved => "resolved",
        Invalidate => "invalidate",
        InvalidateAll => "invalidate-all",
        Invalidated => "invalidated",
        _ => throw new ArgumentException($"{o.GetType()} is not a user map message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        Resolve r => Encoding.UTF8.GetBytes(r.Key),
        Resolved r => ResolvedToBinary(r),
        Invalidate i => Encoding.UTF8.GetBytes(i.Key),
        InvalidateAll or Invalidated => [],
        _ => throw new ArgumentException($"{obj.GetType()} is not a user map message", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        "resolve" => new Resolve(Encoding.UTF8.GetString(bytes)),
        "resolved" => ResolvedFromBinary(bytes),
        "invalidate" => new Invalidate(Encoding.UTF8.GetString(bytes)),
        "invalidate-all" => InvalidateAll.Instance,
        "invalidated" => Invalidated.Instance,
        _ => throw new SerializationException($"unknown user map manifest '{manifest}'"),
    };

    /// <summary>Freshness is cut to whole milliseconds, never rounded up: the receiver may keep the answer no longer than the sender.</summary>
    private static byte[] ResolvedToBinary(Resolved resolved)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            var (kind, text) = resolved.Answer switch
            {
                MapAnswer.Found f => (Found, f.Value),
                MapAnswer.NotFound => (NotFound, ""),
                MapAnswer.Unavailable u => (Unavailable, u.Reason),
                _ => throw new ArgumentException($"{resolved.Answer.GetType()} is not a map answer", nameof(resolved)),
            };
            w.Write(kind);
            w.Write7BitEncodedInt64(Math.Max(0, resolved.FreshFor.Ticks / TimeSpan.TicksPerMillisecond));
            w.Write(text);
        }
        return stream.ToArray();
    }

    private static Resolved ResolvedFromBinary(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var (kind, freshFor, text) = (r.ReadByte(), TimeSpan.FromMilliseconds(r.Read7BitEncodedInt64()), r.ReadString());
            MapAnswer answer = kind switch
            {
                Found => new MapAnswer.Found(text),
                NotFound => MapAnswer.NotFound.Instance,
                Unavailable => new MapAnswer.Unavailable(text),
                _ => throw new SerializationException($"unknown map answer kind {kind}"),
            };
            return new Resolved(answer, freshFor);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new SerializationException($"corrupt user map reply: {e.Message}", e);
        }
    }
}
