using Akka.Actor;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Routing;

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
        new MapAnswer.Found("user2@mail1.example.org:143"),
        MapAnswer.NotFound.Instance,
        new MapAnswer.Unavailable("database down"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Cross_node_messages_use_our_serializer_and_round_trip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(UserMapSerializer.SerializerId, serializer.Identifier);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        Assert.DoesNotContain("ActorMailProxy", manifest);
        Assert.Equal(message, _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest));
    }
}
