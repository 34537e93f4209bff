using Akka.Actor;

namespace ActorMailProxy.Routing.Limits;

/// <summary>Answers a recovering keeper, at <c>/user/lease-registry</c> on every node, with what this node holds.</summary>
public sealed class LeaseRegistryActor : ReceiveActor
{
    public const string Name = "lease-registry";

    public LeaseRegistryActor(LeaseRegistry registry, string node) =>
        Receive<HeldLeasesQuery>(q =>
        {
            var (granted, undecided) = registry.Held(q.Key);
            Sender.Tell(new HeldLeases(q.Key, node, granted, undecided));
        });

    public static Props Props(LeaseRegistry registry, string node) => Akka.Actor.Props.Create(() => new LeaseRegistryActor(registry, node));
}
