using System.Text;
using Akka.Actor;
using Akka.Serialization;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// The user map's messages on the wire between nodes: a short manifest names the type, the payload is one UTF-8
/// string (key, value or reason). No .NET type names travel, so renaming a class breaks nothing in a running cluster.
/// </summary>
public sealed class UserMapSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7101;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        Resolve => "resolve",
        Invalidate => "invalidate",
        InvalidateAll => "invalidate-all",
        Invalidated => "invalidated",
        MapAnswer.Found => "found",
        MapAnswer.NotFound => "not-found",
        MapAnswer.Unavailable => "unavailable",
        _ => throw new ArgumentException($"{o.GetType()} is not a user map message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(obj switch
    {
        Resolve r => r.Key,
        Invalidate i => i.Key,
        MapAnswer.Found f => f.Value,
        MapAnswer.Unavailable u => u.Reason,
        InvalidateAll or Invalidated or MapAnswer.NotFound => "",
        _ => throw new ArgumentException($"{obj.GetType()} is not a user map message", nameof(obj)),
    });

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return manifest switch
        {
            "resolve" => new Resolve(text),
            "invalidate" => new Invalidate(text),
            "invalidate-all" => InvalidateAll.Instance,
            "invalidated" => Invalidated.Instance,
            "found" => new MapAnswer.Found(text),
            "not-found" => MapAnswer.NotFound.Instance,
            "unavailable" => new MapAnswer.Unavailable(text),
            _ => throw new System.Runtime.Serialization.SerializationException($"unknown user map manifest '{manifest}'"),
        };
    }
}
